"use client";

import type { UserSummary } from "@/protocol/api";
import { CommentComposer } from "./CommentComposer";
import type { CommentDraft } from "./useCommentsUi";

interface Props {
  draft: CommentDraft;
  cellLabel: string;
  members: readonly UserSummary[];
  onSubmit(body: string): Promise<void>;
  onCancel(): void;
}

/** The thread being opened: its cell, the quoted selection if any, and the first comment's box. */
export function DraftThread({ draft, cellLabel, members, onSubmit, onCancel }: Props) {
  return (
    <section className="thread thread-draft" data-testid="draft-thread" aria-label="New comment">
      <header className="thread-header">
        <strong className="small">New comment on {cellLabel}</strong>
      </header>
      {draft.anchor ? (
        <blockquote className="thread-quote" data-testid="draft-quote">
          {draft.anchor.quote}
        </blockquote>
      ) : (
        <p className="muted small">On the whole cell. Select text in the cell first to comment on a part of it.</p>
      )}
      <CommentComposer label="Comment" submitLabel="Comment" members={members} autoFocus onSubmit={onSubmit} onCancel={onCancel} />
    </section>
  );
}
