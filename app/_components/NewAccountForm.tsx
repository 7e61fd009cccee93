"use client";

import { useState, type FormEvent } from "react";
import { errorMessage } from "@/app/_lib/api";
import { Alert } from "./Alert";
import { Field } from "./Field";
import { mismatch, PasswordFields } from "./PasswordFields";

export interface NewAccount {
  username: string;
  name: string;
  password: string;
}

interface NewAccountFormProps {
  submitLabel: string;
  onSubmit: (account: NewAccount) => Promise<void>;
}

/** Username, display name and password for a new account (first admin or invited user). */
export function NewAccountForm({ submitLabel, onSubmit }: NewAccountFormProps) {
  const [username, setUsername] = useState("");
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problem = mismatch(password, confirm);
    if (problem) return setError(problem);
    setBusy(true);
    setError("");
    try {
      await onSubmit({ username, name, password });
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  }

  return (
    <form className="stack" onSubmit={submit} aria-label={submitLabel}>
      <Field label="Username" hint="Lowercase letters, digits, “_”, “.” and “-”.">
        {(control) => (
          <input
            {...control}
            name="username"
            autoComplete="username"
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        )}
      </Field>
      <Field label="Name">
        {(control) => (
          <input {...control} name="name" autoComplete="name" required value={name} onChange={(e) => setName(e.target.value)} />
        )}
      </Field>
      <PasswordFields password={password} confirm={confirm} onPassword={setPassword} onConfirm={setConfirm} />
      <Alert>{error}</Alert>
      <button type="submit" className="button button-primary button-block" disabled={busy}>
        {busy ? "Working…" : submitLabel}
      </button>
    </form>
  );
}
