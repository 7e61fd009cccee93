"use client";

import { useState, type FormEvent } from "react";
import { Alert, Notice } from "@/app/_components/Alert";
import { Field } from "@/app/_components/Field";
import { api, errorMessage } from "@/app/_lib/api";
import { LIMITS, type UserView } from "@/protocol/api";
import { WORKSPACE_ROLES, type WorkspaceRole } from "@/protocol/roles";

const EMPTY = { username: "", name: "", password: "", role: "member" as WorkspaceRole };

/** Creates an account directly; the admin hands the password over. */
export function AddUserForm({ onAdded }: { onAdded: (user: UserView) => void }) {
  const [form, setForm] = useState(EMPTY);
  const [error, setError] = useState("");
  const [done, setDone] = useState("");
  const [busy, setBusy] = useState(false);
  const set = (field: keyof typeof EMPTY) => (value: string) => setForm((f) => ({ ...f, [field]: value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError("");
    setDone("");
    try {
      const { user } = await api<{ user: UserView }>("POST", "/api/users", { body: form });
      setForm(EMPTY);
      setDone(`Added ${user.name} (@${user.username}).`);
      onAdded(user);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="stack" onSubmit={submit} aria-label="Add user" data-testid="add-user-form">
      <Field label="Username">
        {(control) => (
          <input {...control} name="username" autoComplete="off" required value={form.username} onChange={(e) => set("username")(e.target.value)} />
        )}
      </Field>
      <Field label="Name">
        {(control) => (
          <input {...control} name="name" autoComplete="off" required value={form.name} onChange={(e) => set("name")(e.target.value)} />
        )}
      </Field>
      <Field label="Password" hint={`At least ${LIMITS.passwordMin} characters; hand it to the person securely.`}>
        {(control) => (
          <input
            {...control}
            name="password"
            type="password"
            autoComplete="new-password"
            required
            value={form.password}
            onChange={(e) => set("password")(e.target.value)}
          />
        )}
      </Field>
      <Field label="Role">
        {(control) => (
          <select {...control} value={form.role} onChange={(e) => set("role")(e.target.value)}>
            {WORKSPACE_ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Alert>{error}</Alert>
      <Notice>{done}</Notice>
      <div>
        <button type="submit" className="button button-primary" disabled={busy}>
          Add user
        </button>
      </div>
    </form>
  );
}
