"use client";

import Link from "next/link";
import { useCallback, useEffect, useState } from "react";
import { Alert } from "@/app/_components/Alert";
import { RoleBadge } from "@/app/_components/RoleBadge";
import { api, errorMessage } from "@/app/_lib/api";
import { formatDate } from "@/app/_lib/format";
import { offers } from "@/app/_lib/notebook-permissions";
import type { MemberView, NotebookView } from "@/protocol/api";
import { ShareDialog } from "../_components/ShareDialog";

export function NotebookDetail({ id }: { id: string }) {
  const [notebook, setNotebook] = useState<NotebookView | null>(null);
  const [members, setMembers] = useState<MemberView[]>([]);
  const [error, setError] = useState("");
  const [sharing, setSharing] = useState(false);

  const load = useCallback(async () => {
    try {
      const [n, m] = await Promise.all([
        api<{ notebook: NotebookView }>("GET", `/api/notebooks/${encodeURIComponent(id)}`),
        api<{ members: MemberView[] }>("GET", `/api/notebooks/${encodeURIComponent(id)}/members`),
      ]);
      document.title = `${n.notebook.name} · Tracebook`;
      setNotebook(n.notebook);
      setMembers(m.members);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [id]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section className="page">
      <p className="breadcrumb">
        <Link href="/notebooks">← Notebooks</Link>
      </p>
      <Alert>{error}</Alert>
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
            {offers(notebook.myRole, "share") && !notebook.trashedAt && (
              <button type="button" className="button" onClick={() => setSharing(true)}>
                Share
              </button>
            )}
          </header>
          {notebook.trashedAt && (
            <div className="alert alert-info">This notebook is in the trash since {formatDate(notebook.trashedAt)}.</div>
          )}
          <div className="panel note" data-testid="editor-unavailable">
            <h2>Editor not available yet</h2>
            <p className="muted">
              Cells, running code and live collaboration arrive with the collaboration server. For now this page shows the
              notebook’s details and who has access.
            </p>
          </div>
          <div className="panel">
            <h2>Members</h2>
            <ul className="member-list" data-testid="notebook-members">
              {members.map((m) => (
                <li key={m.user.id}>
                  <span>
                    {m.user.name} <span className="muted">@{m.user.username}</span>
                  </span>
                  <RoleBadge role={m.role} />
                </li>
              ))}
            </ul>
          </div>
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
