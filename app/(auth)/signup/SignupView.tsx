"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Alert } from "@/app/_components/Alert";
import { NewAccountForm, type NewAccount } from "@/app/_components/NewAccountForm";
import { api, errorMessage } from "@/app/_lib/api";
import type { SessionView } from "@/protocol/api";

type State = { kind: "loading" } | { kind: "open" } | { kind: "closed" } | { kind: "error"; message: string };

/** First run only: the first account becomes the workspace admin. */
export function SignupView() {
  const router = useRouter();
  const [state, setState] = useState<State>({ kind: "loading" });

  useEffect(() => {
    api<{ needsSetup: boolean }>("GET", "/api/auth/setup", { noRedirect: true })
      .then((r) => setState({ kind: r.needsSetup ? "open" : "closed" }))
      .catch((e: unknown) => setState({ kind: "error", message: errorMessage(e) }));
  }, []);

  async function create(account: NewAccount) {
    await api<SessionView>("POST", "/api/auth/signup", { body: account, noRedirect: true });
    router.replace("/notebooks");
    router.refresh();
  }

  if (state.kind === "loading") return <p className="muted">Checking the workspace…</p>;
  if (state.kind === "error") return <Alert>{state.message}</Alert>;
  if (state.kind === "closed") {
    return (
      <>
        <h1>Sign-up is closed</h1>
        <p>This workspace is already set up. Ask a workspace admin for an invite link.</p>
        <Link href="/login" className="button button-primary button-block">
          Go to sign in
        </Link>
      </>
    );
  }
  return (
    <>
      <h1>Set up your workspace</h1>
      <p className="muted">This first account becomes the workspace admin.</p>
      <NewAccountForm submitLabel="Create admin account" onSubmit={create} />
      <p className="muted small auth-hint">
        Already set up? <Link href="/login">Sign in</Link>
      </p>
    </>
  );
}
