"use client";

import { useCallback, useEffect, useState } from "react";
import { Alert } from "@/app/_components/Alert";
import { Dialog } from "@/app/_components/Dialog";
import { api, errorMessage } from "@/app/_lib/api";
import { NOTEBOOK_ROLES, type NotebookRole } from "@/protocol/roles";
import type { MemberView, NotebookView, UserSummary } from "@/protocol/api";
import { AddMemberForm } from "./AddMemberForm";
import { TableHead } from "../../../_components/TableHead";

interface ShareDialogProps {
  notebook: Pick<NotebookView, "id" | "name">;
  onClose: () => void;
}

/** Who has which role on a notebook; owners grant, change and remove roles here. */
export function ShareDialog({ notebook, onClose }: ShareDialogProps) {
  const [members, setMembers] = useState<MemberView[] | null>(null);
  const [directory, setDirectory] = useState<UserSummary[]>([]);
  const [error, setError] = useState("");
  const base = `/api/notebooks/${notebook.id}/members`;

  const load = useCallback(async () => {
    try {
      const [m, u] = await Promise.all([
        api<{ members: MemberView[] }>("GET", base),
        api<{ users: Array<UserSummary & { disabled?: boolean }> }>("GET", "/api/users"),
      ]);
      setMembers(m.members);
      setDirectory(u.users.filter((user) => !user.disabled));
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [base]);

  useEffect(() => {
    void load();
  }, [load]);

  async function run(action: () => Promise<unknown>) {
    setError("");
    try {
      await action();
      await load();
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  const grant = (userId: string, role: NotebookRole) => run(() => api("PUT", base, { body: { userId, role } }));
  const remove = (userId: string) => run(() => api("DELETE", `${base}/${userId}`));

  const memberIds = new Set(members?.map((m) => m.user.id));
  const candidates = directory.filter((u) => !memberIds.has(u.id));

  return (
    <Dialog title={`Share “${notebook.name}”`} onClose={onClose} testId="share-dialog" wide>
      <div className="stack">
        <Alert>{error}</Alert>
        {members === null ? (
          !error && <p className="muted">Loading…</p>
        ) : (
          <>
            <AddMemberForm candidates={candidates} onAdd={grant} />
            <table className="table table-compact" data-testid="member-table">
              <TableHead columns={["Person", "Role"]} />
              <tbody>
                {members.map((m) => (
                  <tr key={m.user.id} data-testid="member-row">
                    <td>
                      {m.user.name} <span className="muted">@{m.user.username}</span>
                    </td>
                    <td>
                      <select
                        aria-label={`Role for ${m.user.username}`}
                        value={m.role}
                        onChange={(e) => void grant(m.user.id, e.target.value as NotebookRole)}
                      >
                        {NOTEBOOK_ROLES.map((r) => (
                          <option key={r} value={r}>
                            {r}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td className="cell-actions">
                      <button
                        type="button"
                        className="button button-small button-danger-quiet"
                        aria-label={`Remove ${m.user.username}`}
                        onClick={() => void remove(m.user.id)}
                      >
                        Remove
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
        <div className="actions-end">
          <button type="button" className="button" onClick={onClose}>
            Done
          </button>
        </div>
      </div>
    </Dialog>
  );
}
