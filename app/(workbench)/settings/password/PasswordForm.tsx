"use client";

import { useState, type FormEvent } from "react";
import { Alert, Notice } from "@/app/_components/Alert";
import { Field } from "@/app/_components/Field";
import { mismatch, PasswordFields } from "@/app/_components/PasswordFields";
import { api, errorMessage } from "@/app/_lib/api";

export function PasswordForm() {
  const [currentPassword, setCurrent] = useState("");
  const [newPassword, setNew] = useState("");
  const [confirm, setConfirm] = useState("");
  const [error, setError] = useState("");
  const [done, setDone] = useState("");
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setDone("");
    const problem = mismatch(newPassword, confirm);
    if (problem) return setError(problem);
    setBusy(true);
    setError("");
    try {
      await api<null>("POST", "/api/auth/password", { body: { currentPassword, newPassword } });
      setCurrent("");
      setNew("");
      setConfirm("");
      setDone("Your password has been changed.");
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="stack" onSubmit={submit} aria-label="Change password">
      <Field label="Current password">
        {(control) => (
          <input
            {...control}
            type="password"
            autoComplete="current-password"
            required
            value={currentPassword}
            onChange={(e) => setCurrent(e.target.value)}
          />
        )}
      </Field>
      <PasswordFields password={newPassword} confirm={confirm} onPassword={setNew} onConfirm={setConfirm} label="New password" />
      <Alert>{error}</Alert>
      <Notice>{done}</Notice>
      <div>
        <button type="submit" className="button button-primary" disabled={busy}>
          Change password
        </button>
      </div>
    </form>
  );
}
