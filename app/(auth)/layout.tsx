import type { ReactNode } from "react";

/** Sign-in, first-run sign-up and invitations: one centred card. */
export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="auth-page">
      <div className="auth-brand">
        <span className="brand-mark" aria-hidden="true" />
        Tracebook
      </div>
      <main className="auth-card">{children}</main>
      <p className="auth-footer muted small">Self-hosted collaborative ML notebooks</p>
    </div>
  );
}
