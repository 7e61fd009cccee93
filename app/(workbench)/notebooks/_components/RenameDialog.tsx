"use client";

import { useState, type FormEvent } from "react";
import { Alert } from "@/app/_components/Alert";
import { Dialog } from "@/app/_components/Dialog";
import { Field } from "@/app/_components/Field";
import { api, errorMessage } from "@/app/_lib/api";
import type { NotebookView } from "@/protocol/api";

interface RenameDialogProps {
  notebook: NotebookView;
  onRenamed: (n: NotebookView) => void;
  onClose: () => void;
}

export function RenameDialog({ notebook, onRenamed, onClose }: RenameDialogProps) {
  const [name, setName] = useState(notebook.name);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError("");
    try {
      const { notebook: renamed } = await api<{ notebook: NotebookView }>("PATCH", `/api/notebooks/${notebook.id}`, {
        body: { name },
      });
      onRenamed(renamed);
      onClose();
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  }

  return (
    <Dialog title={`Rename “${notebook.name}”`} onClose={onClose} testId="rename-dialog">
      <form className="stack" onSubmit={submit}>
        <Field label="Notebook name">
          {(control) => <input {...control} autoFocus required value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Alert>{error}</Alert>
        <div className="actions-end">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            Rename
          </button>
        </div>
      </form>
    </Dialog>
  );
}
