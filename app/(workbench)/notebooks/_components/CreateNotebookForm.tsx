"use client";

import { useState, type FormEvent } from "react";
import { api, errorMessage } from "@/app/_lib/api";
import type { NotebookView } from "@/protocol/api";

export function CreateNotebookForm({ onCreated, onError }: { onCreated: (n: NotebookView) => void; onError: (message: string) => void }) {
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    onError("");
    try {
      const { notebook } = await api<{ notebook: NotebookView }>("POST", "/api/notebooks", { body: { name } });
      setName("");
      onCreated(notebook);
    } catch (e) {
      onError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="inline-form" onSubmit={submit} aria-label="Create notebook">
      <label className="sr-only" htmlFor="new-notebook-name">
        New notebook name
      </label>
      <input
        id="new-notebook-name"
        placeholder="New notebook name"
        required
        value={name}
        onChange={(e) => setName(e.target.value)}
        data-testid="new-notebook-name"
      />
      <button type="submit" className="button button-primary" disabled={busy}>
        Create notebook
      </button>
    </form>
  );
}
