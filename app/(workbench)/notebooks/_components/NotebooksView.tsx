"use client";

import Link from "next/link";
import { useCallback, useEffect, useState } from "react";
import { Alert } from "@/app/_components/Alert";
import { ConfirmDialog } from "@/app/_components/ConfirmDialog";
import { ImportButton } from "@/app/_components/transfer/ImportButton";
import { api, errorMessage } from "@/app/_lib/api";
import type { NotebookView } from "@/protocol/api";
import { CreateNotebookForm } from "./CreateNotebookForm";
import { NotebookTable, type RowAction } from "./NotebookTable";
import { RenameDialog } from "./RenameDialog";
import { ShareDialog } from "./ShareDialog";

type Open = { action: RowAction; notebook: NotebookView } | null;

export function NotebooksView({ trashed }: { trashed: boolean }) {
  const [notebooks, setNotebooks] = useState<NotebookView[] | null>(null);
  const [error, setError] = useState("");
  const [open, setOpen] = useState<Open>(null);

  const load = useCallback(async () => {
    try {
      const r = await api<{ notebooks: NotebookView[] }>("GET", `/api/notebooks${trashed ? "?trashed=1" : ""}`);
      setNotebooks(r.notebooks);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [trashed]);

  useEffect(() => {
    void load();
  }, [load]);

  async function quick(action: "trash" | "restore", notebook: NotebookView) {
    setError("");
    try {
      await api<{ notebook: NotebookView }>("POST", `/api/notebooks/${notebook.id}/${action}`);
      await load();
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  function onAction(action: RowAction, notebook: NotebookView) {
    if (action === "trash" || action === "restore") void quick(action, notebook);
    else setOpen({ action, notebook });
  }

  const close = () => setOpen(null);

  return (
    <section className="page">
      <header className="page-header">
        <div>
          <h1>Notebooks</h1>
          <p className="muted">{trashed ? "Notebooks in the trash can be restored or deleted for good." : "Notebooks you own or that are shared with you."}</p>
        </div>
        {!trashed && (
          <div className="page-actions">
            <ImportButton onError={setError} />
            <CreateNotebookForm onCreated={() => void load()} onError={setError} />
          </div>
        )}
      </header>
      <nav className="tabs" aria-label="Notebook lists">
        <Link href="/notebooks" className={trashed ? "tab" : "tab active"} aria-current={trashed ? undefined : "page"}>
          Notebooks
        </Link>
        <Link href="/notebooks?trashed=1" className={trashed ? "tab active" : "tab"} aria-current={trashed ? "page" : undefined}>
          Trash
        </Link>
      </nav>
      <Alert>{error}</Alert>
      {notebooks === null ? (
        !error && <p className="muted">Loading…</p>
      ) : notebooks.length === 0 ? (
        <div className="empty" data-testid="notebooks-empty">
          {trashed ? "The trash is empty." : "No notebooks yet. Create one to get started."}
        </div>
      ) : (
        <NotebookTable notebooks={notebooks} trashed={trashed} onAction={onAction} />
      )}

      {open?.action === "rename" && <RenameDialog notebook={open.notebook} onRenamed={() => void load()} onClose={close} />}
      {open?.action === "share" && (
        <ShareDialog
          notebook={open.notebook}
          onClose={() => {
            close();
            void load();
          }}
        />
      )}
      {open?.action === "delete" && (
        <ConfirmDialog
          title="Delete forever?"
          confirmLabel="Delete forever"
          danger
          onClose={close}
          onConfirm={async () => {
            await api<null>("DELETE", `/api/notebooks/${open.notebook.id}`);
            await load();
          }}
        >
          “{open.notebook.name}” and everything in it will be deleted. This cannot be undone.
        </ConfirmDialog>
      )}
    </section>
  );
}
