"use client";

import { useState, type FormEvent } from "react";
import { Alert } from "@/app/_components/Alert";
import { Field } from "@/app/_components/Field";
import { errorMessage } from "@/app/_lib/api";
import { saveVersion } from "@/app/_lib/versions";
import { LIMITS } from "@/protocol/api";
import type { VersionView } from "@/protocol/versions";

/** Names and saves a version of the notebook as it is now. */
export function SaveVersionForm({ notebookId, onSaved }: { notebookId: string; onSaved(version: VersionView): void }) {
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError("");
    try {
      onSaved(await saveVersion(notebookId, name));
      setName("");
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="save-version" onSubmit={submit} aria-label="Save version">
      <Field label="Version name">
        {(control) => (
          <input {...control} value={name} required maxLength={LIMITS.nameLength} placeholder="e.g. Baseline before tuning" onChange={(e) => setName(e.target.value)} />
        )}
      </Field>
      <Alert>{error}</Alert>
      <button type="submit" className="button button-primary button-small" disabled={busy || !name.trim()}>
        Save version
      </button>
    </form>
  );
}
