"use client";

import { useEffect, useRef } from "react";
import { Alert } from "@/app/_components/Alert";
import type { CellEntry } from "../editor/useCells";
import { DraftThread } from "./DraftThread";
import { orderThreads } from "./thread-list";
import { ThreadCard } from "./ThreadCard";
import type { CommentsUi } from "./useCommentsUi";
import { useMembers } from "./useMembers";

interface Props {
  notebookId: string;
  ui: CommentsUi;
  cells: CellEntry[];
  /** The notebook's selected cell, for the "this cell only" filter. */
  selected: string | null;
  canComment: boolean;
}

/** The side panel of comment threads: a new thread being written, then open threads, then resolved ones. */
export function CommentsPanel({ notebookId, ui, cells, selected, canComment }: Props) {
  const members = useMembers(notebookId, canComment);
  const body = useRef<HTMLDivElement>(null);
  const position = new Map(cells.map((cell, i) => [cell.id, i]));
  const labelOf = (cellId: string) => {
    const at = position.get(cellId);
    return at === undefined ? "Deleted cell" : `Cell ${at + 1}`;
  };
  const shown = orderThreads(ui.threads, { cellId: ui.onlySelected ? selected : null });

  useEffect(() => {
    if (ui.activeId) body.current?.querySelector(`[data-thread-id="${CSS.escape(ui.activeId)}"]`)?.scrollIntoView({ block: "nearest" });
  }, [ui.activeId]);

  return (
    <aside className="side-panel" aria-label="Comments" data-testid="comments-panel">
      <header className="side-panel-header">
        <h2>Comments</h2>
        <label className="side-panel-filter small">
          <input type="checkbox" checked={ui.onlySelected} onChange={(e) => ui.setOnlySelected(e.target.checked)} />
          Selected cell only
        </label>
        <button type="button" className="icon-button" aria-label="Close comments" onClick={() => ui.setPanelOpen(false)}>
          ×
        </button>
      </header>
      <div className="side-panel-body" ref={body}>
        <Alert>{ui.problem}</Alert>
        {ui.draft && (
          <DraftThread
            key={`${ui.draft.cellId}:${ui.draft.anchor?.anchorStart ?? ""}`}
            draft={ui.draft}
            cellLabel={labelOf(ui.draft.cellId)}
            members={members}
            onCancel={ui.cancelDraft}
            onSubmit={async (text) => {
              await ui.create({ cellId: ui.draft!.cellId, body: text, ...ui.draft!.anchor });
            }}
          />
        )}
        {!canComment && <p className="muted small">You can read the comments on this notebook but not write any.</p>}
        {shown.length === 0 && ui.loaded && !ui.draft ? (
          <p className="side-panel-empty muted" data-testid="comments-empty">
            {ui.onlySelected ? "No comments on this cell." : "No comments yet."}
            {canComment && " Use the comment button on a cell; select text in it first to comment on that part."}
          </p>
        ) : (
          shown.map((thread) => (
            <ThreadCard
              key={thread.id}
              thread={thread}
              cellLabel={labelOf(thread.cellId)}
              active={thread.id === ui.activeId}
              canComment={canComment}
              members={members}
              onActivate={() => ui.activate(thread.id)}
              onReply={(text) => ui.reply(thread.id, text)}
              onSetResolved={(resolved) => ui.setResolved(thread.id, resolved)}
            />
          ))
        )}
      </div>
    </aside>
  );
}
