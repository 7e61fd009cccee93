"use client";

import { useState } from "react";
import { errorMessage } from "@/app/_lib/api";
import { formatDate } from "@/app/_lib/format";
import type { UserSummary } from "@/protocol/api";
import type { ThreadView } from "@/protocol/comments";
import { CommentBody } from "./CommentBody";
import { CommentComposer } from "./CommentComposer";

interface Props {
  thread: ThreadView;
  /** "Cell 3", or a note that the cell is gone. */
  cellLabel: string;
  active: boolean;
  canComment: boolean;
  members: readonly UserSummary[];
  onActivate(): void;
  onReply(body: string): Promise<void>;
  onSetResolved(resolved: boolean): Promise<void>;
}

/** One thread: where it points, its comments oldest first, a reply box and resolve/reopen for commenters. */
export function ThreadCard({ thread, cellLabel, active, canComment, members, onActivate, onReply, onSetResolved }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");

  async function toggle() {
    setBusy(true);
    setError("");
    try {
      await onSetResolved(!thread.resolved);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const classes = ["thread", thread.resolved ? "thread-resolved" : "", active ? "thread-active" : ""].filter(Boolean).join(" ");
  return (
    <article className={classes} data-testid="thread" data-thread-id={thread.id} data-resolved={thread.resolved} aria-label={`Thread on ${cellLabel}`}>
      <header className="thread-header">
        <button type="button" className="thread-cell" onClick={onActivate} title="Show this in the notebook">
          {cellLabel}
        </button>
        {thread.resolved && <span className="badge badge-resolved">resolved</span>}
        {canComment && (
          <button type="button" className="button button-small thread-toggle" onClick={toggle} disabled={busy}>
            {thread.resolved ? "Reopen" : "Resolve"}
          </button>
        )}
      </header>
      {thread.quote && (
        <blockquote className="thread-quote" data-testid="thread-quote">
          {thread.quote}
        </blockquote>
      )}
      <ol className="thread-comments">
        {thread.comments.map((comment) => (
          <li key={comment.id} className="comment" data-testid="comment">
            <div className="comment-meta">
              <strong className="comment-author">{comment.author?.name ?? "Deleted user"}</strong>
              <time className="muted small" dateTime={comment.createdAt}>
                {formatDate(comment.createdAt)}
              </time>
            </div>
            <CommentBody comment={comment} />
          </li>
        ))}
      </ol>
      {thread.resolved && (
        <p className="muted small thread-resolved-by">
          Resolved{thread.resolvedBy ? ` by ${thread.resolvedBy.name}` : ""} · {formatDate(thread.resolvedAt)}
        </p>
      )}
      {error && (
        <p role="alert" className="alert alert-error small">
          {error}
        </p>
      )}
      {canComment && !thread.resolved && (
        <CommentComposer label="Reply" submitLabel="Reply" placeholder="Reply — @ to mention someone" members={members} onSubmit={onReply} />
      )}
    </article>
  );
}
