"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { useCallback, useEffect, useState } from "react";
import { Alert, Notice } from "@/app/_components/Alert";
import { RoleBadge } from "@/app/_components/RoleBadge";
import { useCurrentUser } from "@/app/_components/SessionContext";
import { ExportMenu } from "@/app/_components/transfer/ExportMenu";
import { api, errorMessage } from "@/app/_lib/api";
import { formatDate } from "@/app/_lib/format";
import { offers } from "@/app/_lib/notebook-permissions";
import { canDoNotebook } from "@/protocol/permissions";
import type { NotebookView } from "@/protocol/api";
import { lineagePath } from "../../lineage/_components/lineage-query";
import { ShareDialog } from "../_components/ShareDialog";

// Monaco and Yjs live in the browser only; the page's first paint does not wait for them.
const NotebookEditor = dynamic(() => import("@/app/_components/editor/NotebookEditor").then((m) => m.NotebookEditor), {
  ssr: false,
  loading: () => <p className="muted editor-loading">Opening the notebook…</p>,
});

export function NotebookDetail({ id }: { id: string }) {
  const user = useCurrentUser();
  const [notebook, setNotebook] = useState<NotebookView | null>(null);
  const [error, setError] = useState("");
  const [notice, setNotice] = useState("");
  const [sharing, setSharing] = useState(false);

  const load = useCallback(async () => {
    try {
      const n = await api<{ notebook: NotebookView }>("GET", `/api/notebooks/${encodeURIComponent(id)}`);
      document.title = `${n.notebook.name} · Tracebook`;
      setNotebook(n.notebook);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section className="page page-notebook">
      <p className="breadcrumb">
        <Link href="/notebooks">← Notebooks</Link>
      </p>
      <Alert>{error}</Alert>
      <Notice>{notice}</Notice>
      {notebook && (
        <>
          <header className="page-header">
            <div>
              <h1 data-testid="notebook-title">{notebook.name}</h1>
              <p className="muted">
                Owned by {notebook.owner.name} · updated {formatDate(notebook.updatedAt)} · your role{" "}
                <RoleBadge role={notebook.myRole} />
              </p>
            </div>
            <div className="page-actions">
              <Link href={lineagePath({ kind: "notebook", id: notebook.id })} className="button" data-testid="notebook-lineage-link">
                Lineage
              </Link>
              <ExportMenu
                notebookId={notebook.id}
                notebookName={notebook.name}
                canReplace={canDoNotebook(notebook.myRole, "notebook.edit") && !notebook.trashedAt}
                onError={setError}
                onNotice={setNotice}
              />
              {offers(notebook.myRole, "share") && !notebook.trashedAt && (
                <button type="button" className="button" onClick={() => setSharing(true)}>
                  Share
                </button>
              )}
            </div>
          </header>
          {notebook.trashedAt ? (
            <div className="alert alert-info">
              This notebook is in the trash since {formatDate(notebook.trashedAt)}. Restore it to open it again.
            </div>
          ) : (
            <NotebookEditor notebookId={notebook.id} role={notebook.myRole} user={user} />
          )}
        </>
      )}
      {sharing && notebook && (
        <ShareDialog
          notebook={notebook}
          onClose={() => {
            setSharing(false);
            void load();
          }}
        />
      )}
    </section>
  );
}
