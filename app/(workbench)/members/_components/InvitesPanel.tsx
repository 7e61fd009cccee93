"use client";

import { useState, type FormEvent } from "react";
import { Alert } from "@/app/_components/Alert";
import { Field } from "@/app/_components/Field";
import { RoleBadge } from "@/app/_components/RoleBadge";
import { SecretOnce } from "@/app/_components/SecretOnce";
import { api, errorMessage } from "@/app/_lib/api";
import { useApiList } from "@/app/_lib/use-api-list";
import { formatDate } from "@/app/_lib/format";
import type { InviteView } from "@/protocol/api";
import { WORKSPACE_ROLES, type WorkspaceRole } from "@/protocol/roles";

/** One-time invite links: create (the link is shown once), list open ones, revoke. */
export function InvitesPanel() {
  const { items, error, setError, reload: load } = useApiList<InviteView>("/api/invites", "invites");
  const invites = items ?? [];
  const [role, setRole] = useState<WorkspaceRole>("member");
  const [link, setLink] = useState("");

  async function create(event: FormEvent) {
    event.preventDefault();
    setError("");
    try {
      const created = await api<{ url: string }>("POST", "/api/invites", { body: { role } });
      setLink(created.url);
      await load();
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  async function revoke(id: string) {
    setError("");
    try {
      await api("DELETE", `/api/invites/${id}`);
      await load();
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  return (
    <div className="stack">
      <form className="inline-form" onSubmit={create} aria-label="Create invite">
        <Field label="Invite role" inline>
          {(control) => (
            <select {...control} value={role} onChange={(e) => setRole(e.target.value as WorkspaceRole)}>
              {WORKSPACE_ROLES.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" className="button button-primary">
          Create invite link
        </button>
      </form>
      {link && (
        <SecretOnce
          label="Invite link"
          value={link}
          hint="Send this link to the person you invite. It works once and is not shown again."
          onDismiss={() => setLink("")}
        />
      )}
      <Alert>{error}</Alert>
      <h3>Open invites</h3>
      {invites.length === 0 ? (
        <p className="muted small">No open invites.</p>
      ) : (
        <ul className="invite-list" data-testid="invite-list">
          {invites.map((i) => (
            <li key={i.id}>
              <span>
                <RoleBadge role={i.role} />{" "}
                <span className="muted small">
                  by {i.createdBy.name} · {Date.parse(i.expiresAt) <= Date.now() ? "expired" : "expires"} {formatDate(i.expiresAt)}
                </span>
              </span>
              <button type="button" className="button button-small button-danger-quiet" aria-label={`Revoke ${i.role} invite by ${i.createdBy.username}`} onClick={() => void revoke(i.id)}>
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
