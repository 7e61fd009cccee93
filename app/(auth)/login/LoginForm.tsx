"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState, type FormEvent } from "react";
import { Alert } from "@/app/_components/Alert";
import { Field } from "@/app/_components/Field";
import { api, errorMessage } from "@/app/_lib/api";
import type { SessionView } from "@/protocol/api";

export function LoginForm({ next }: { next: string }) {
  const router = useRouter();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const [needsSetup, setNeedsSetup] = useState(false);

  useEffect(() => {
    api<{ needsSetup: boolean }>("GET", "/api/auth/setup", { noRedirect: true })
      .then((r) => setNeedsSetup(r.needsSetup))
      .catch(() => setNeedsSetup(false));
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError("");
    try {
      await api<SessionView>("POST", "/api/auth/login", { body: { username, password }, noRedirect: true });
      router.replace(next);
      router.refresh();
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  }

  return (
    <>
      <h1>Sign in</h1>
      {needsSetup && (
        <div className="alert alert-info" data-testid="setup-notice">
          This workspace has no admin yet. <Link href="/signup">Create the admin account</Link>
        </div>
      )}
      <form className="stack" onSubmit={submit} aria-label="Sign in">
        <Field label="Username">
          {(control) => (
            <input
              {...control}
              name="username"
              autoComplete="username"
              autoFocus
              required
              value={username}
              onChange={(e) => setUsername(e.target.value)}
            />
          )}
        </Field>
        <Field label="Password">
          {(control) => (
            <input
              {...control}
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        <Alert>{error}</Alert>
        <button type="submit" className="button button-primary button-block" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
      <p className="muted small auth-hint">New here? Ask a workspace admin for an invite link.</p>
    </>
  );
}
