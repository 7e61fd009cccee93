import type { Metadata } from "next";
import { ConnectionsSection } from "./ConnectionsSection";
import { KernelSettingsForm } from "./KernelSettingsForm";

export const metadata: Metadata = { title: "Kernel settings" };

export default function KernelSettingsPage() {
  return (
    <section className="page page-narrow">
      <header className="page-header">
        <div>
          <h1>Kernel settings</h1>
          <p className="muted">Limits of every notebook kernel in this workspace. Kernels started after a change use the new values.</p>
        </div>
      </header>
      <div className="panel">
        <KernelSettingsForm />
      </div>
      <ConnectionsSection />
    </section>
  );
}
