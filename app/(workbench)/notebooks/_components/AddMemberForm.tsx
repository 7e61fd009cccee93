"use client";

import { useState, type FormEvent } from "react";
import { Field } from "@/app/_components/Field";
import { NOTEBOOK_ROLES, type NotebookRole } from "@/protocol/roles";
import type { UserSummary } from "@/protocol/api";

interface AddMemberFormProps {
  candidates: UserSummary[];
  onAdd: (userId: string, role: NotebookRole) => Promise<void>;
}

/** Picks someone from the directory who has no role yet, and a role for them. */
export function AddMemberForm({ candidates, onAdd }: AddMemberFormProps) {
  const [userId, setUserId] = useState("");
  const [role, setRole] = useState<NotebookRole>("editor");
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!userId) return;
    setBusy(true);
    try {
      await onAdd(userId, role);
      setUserId("");
    } finally {
      setBusy(false);
    }
  }

  if (candidates.length === 0) {
    return <p className="muted small">Everyone in the workspace already has a role on this notebook.</p>;
  }

  return (
    <form className="inline-form" onSubmit={submit} aria-label="Grant access">
      <Field label="Person" inline>
        {(control) => (
          <select {...control} value={userId} onChange={(e) => setUserId(e.target.value)} required>
            <option value="">Choose a person…</option>
            {candidates.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name} (@{u.username})
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Role" inline>
        {(control) => (
          <select {...control} value={role} onChange={(e) => setRole(e.target.value as NotebookRole)}>
            {NOTEBOOK_ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        )}
      </Field>
      <button type="submit" className="button button-primary" disabled={busy || !userId}>
        Add
      </button>
    </form>
  );
}
