import type { Metadata } from "next";
import { PasswordForm } from "./PasswordForm";

export const metadata: Metadata = { title: "Change password" };

export default function PasswordPage() {
  return (
    <section className="page page-narrow">
      <header className="page-header">
        <div>
          <h1>Change password</h1>
          <p className="muted">Your other sessions are signed out when the password changes.</p>
        </div>
      </header>
      <div className="panel">
        <PasswordForm />
      </div>
    </section>
  );
}
