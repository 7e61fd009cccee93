"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Alert } from "@/app/_components/Alert";
import { NewAccountForm, type NewAccount } from "@/app/_components/NewAccountForm";
import { RoleBadge } from "@/app/_components/RoleBadge";
import { api, ApiError, errorMessage } from "@/app/_lib/api";
import { formatDate } from "@/app/_lib/format";
import type { SessionView } from "@/protocol/api";
import type { WorkspaceRole } from "@/protocol/roles";

type State =
  | { kind: "loading" }
  | { kind: "open"; role: WorkspaceRole; expiresAt: string }
  | { kind: "invalid"; title: string; message: string };

export function InviteView({ token }: { token: string }) {
  const router = useRouter();
  const [state, setState] = useState<State>({ kind: "loading" });
  const path = `/api/invitations/${encodeURIComponent(token)}`;

  useEffect(() => {
    api<{ role: WorkspaceRole; expiresAt: string }>("GET", path, { noRedirect: true })
      .then((r) => setState({ kind: "open", role: r.role, expiresAt: r.expiresAt }))
      .catch((e: unknown) => {
        const title =
          e instanceof ApiError && e.status === 410
            ? "This invite link can no longer be used"
            : e instanceof ApiError && e.status === 404
              ? "This invite link is not valid"
              : "The invitation could not be loaded";
        setState({ kind: "invalid", title, message: errorMessage(e) });
      });
  }, [path]);

  async function accept(account: NewAccount) {
    await api<SessionView>("POST", path, { body: account, noRedirect: true });
    router.replace("/notebooks");
    router.refresh();
  }

  if (state.kind === "loading") return <p className="muted">Checking the invitation…</p>;
  if (state.kind === "invalid") {
    return (
      <>
        <h1>{state.title}</h1>
        <Alert>{state.message}</Alert>
        <p className="muted">Ask a workspace admin for a new invite link.</p>
        <Link href="/login" className="button button-block">
          Go to sign in
        </Link>
      </>
    );
  }
  return (
    <>
      <h1>Join the workspace</h1>
      <p>
        You are invited as <RoleBadge role={state.role} />. The link expires {formatDate(state.expiresAt)}.
      </p>
      <NewAccountForm submitLabel="Create account" onSubmit={accept} />
    </>
  );
}
