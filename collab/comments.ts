import * as Y from "yjs";
import type { Principal } from "../auth/index";
import type { Database } from "../db/client";
import {
  findMentionableUsers,
  findThread,
  insertComment,
  insertThread,
  listThreads,
  setThreadResolved,
  type ThreadRow,
} from "../db/queries/comments";
import type { Executor } from "../db/queries/executor";
import type { NotebookAccess } from "../notebooks/index";
import type { NotebookAction } from "../auth/index";
import type { CommentAction, CommentEvent, CommentView, CreateThreadRequest, ThreadView } from "../protocol/comments";
import { AppError } from "../protocol/errors";
import { checkAnchors } from "./anchors";
import { loadThreadViews } from "./comment-views";
import { orderMentions, parseMentionNames } from "./mentions";

export interface CommentDeps {
  db: Database;
  /** The notebook policy check (`notebooks.access`): 404 for strangers, 403 for a role that may not. */
  access(principal: Principal, notebookId: string, action: NotebookAction): Promise<NotebookAccess>;
  /** The notebook document as it is now (`collab.readDocument`), to check where a thread points. */
  readDocument(notebookId: string): Promise<Uint8Array>;
  /** Told after each committed change, with the thread as it now stands. */
  onEvent?(event: CommentEvent): void;
}

/**
 * Comment threads on notebook cells. Reading needs `notebook.read`; opening,
 * replying, resolving and reopening need `notebook.comment` (any commenter
 * may resolve or reopen any thread). A trashed notebook's threads can be
 * read but not changed.
 *
 * @example
 * const comments = createComments({ db, access: notebooks.access, readDocument: collab.readDocument });
 * const thread = await comments.create(principal, notebookId, { cellId, body: "Why 0.3? @ada" });
 */
export function createComments(deps: CommentDeps) {
  async function allowChange(principal: Principal, notebookId: string): Promise<void> {
    const { listing } = await deps.access(principal, notebookId, "notebook.comment");
    if (listing.notebook.trashedAt) throw new AppError("conflict", "the notebook is in the trash; restore it first");
  }

  /** Keeps the @mentioned users who are members of the notebook or admins; returns their ids. */
  async function resolveMentions(db: Executor, notebookId: string, body: string): Promise<string[]> {
    const names = parseMentionNames(body);
    const found = await findMentionableUsers(db, notebookId, names);
    return orderMentions(names, found).map((u) => u.id);
  }

  async function loadView(row: ThreadRow): Promise<ThreadView> {
    const [view] = await loadThreadViews(deps.db, [row]);
    return view!;
  }

  function publish(action: CommentAction, thread: ThreadView): ThreadView {
    // The change is committed: a failing listener must not turn it into an error for the author.
    try {
      deps.onEvent?.({ notebookId: thread.notebookId, action, thread });
    } catch (error) {
      console.error(`[comments] publishing ${action} of thread ${thread.id} failed:`, error);
    }
    return thread;
  }

  async function changeResolved(
    principal: Principal,
    notebookId: string,
    threadId: string,
    resolve: boolean,
  ): Promise<ThreadView> {
    await allowChange(principal, notebookId);
    const changed = await setThreadResolved(deps.db, notebookId, threadId, resolve ? principal.user.id : null);
    if (changed) return publish(resolve ? "resolved" : "reopened", await loadView(changed));
    // Already in that state (or missing): answer with the thread as it is, and tell nobody.
    const current = await findThread(deps.db, notebookId, threadId);
    if (!current) throw buildThreadNotFound();
    return loadView(current);
  }

  return {
    /** Every thread of a notebook, or of one cell, oldest first, with comments. */
    async list(principal: Principal, notebookId: string, options: { cellId?: string } = {}): Promise<ThreadView[]> {
      await deps.access(principal, notebookId, "notebook.read");
      return loadThreadViews(deps.db, await listThreads(deps.db, notebookId, options.cellId));
    },

    /** Opens a thread on a cell (optionally a range of its text) with its first comment. */
    async create(principal: Principal, notebookId: string, input: CreateThreadRequest): Promise<ThreadView> {
      await allowChange(principal, notebookId);
      const doc = new Y.Doc();
      try {
        Y.applyUpdate(doc, await deps.readDocument(notebookId));
        const range = input.anchorStart && input.anchorEnd ? { start: input.anchorStart, end: input.anchorEnd } : null;
        checkAnchors(doc, input.cellId, range);
      } finally {
        doc.destroy();
      }
      const row = await deps.db.transaction(async (tx) => {
        const mentions = await resolveMentions(tx, notebookId, input.body);
        const created = await insertThread(
          tx,
          {
            notebookId,
            cellId: input.cellId,
            createdBy: principal.user.id,
            anchorStart: input.anchorStart ?? null,
            anchorEnd: input.anchorEnd ?? null,
            quote: input.quote ?? null,
          },
          { body: input.body, mentions },
        );
        return created.thread;
      });
      return publish("created", await loadView(row));
    },

    /** Adds a comment; replying to a resolved thread reopens it, as the discussion has resumed. */
    async reply(
      principal: Principal,
      notebookId: string,
      threadId: string,
      body: string,
    ): Promise<{ thread: ThreadView; comment: CommentView }> {
      await allowChange(principal, notebookId);
      const { row, commentId } = await deps.db.transaction(async (tx) => {
        const thread = await findThread(tx, notebookId, threadId);
        if (!thread) throw buildThreadNotFound();
        const mentions = await resolveMentions(tx, notebookId, body);
        const comment = await insertComment(tx, { threadId, authorId: principal.user.id, body, mentions });
        const reopened = thread.resolvedAt ? await setThreadResolved(tx, notebookId, threadId, null) : null;
        return { row: reopened ?? thread, commentId: comment.id };
      });
      const thread = publish("replied", await loadView(row));
      const comment = thread.comments.find((c) => c.id === commentId);
      if (!comment) throw new Error(`comment ${commentId} missing from its thread`);
      return { thread, comment };
    },

    resolve: (principal: Principal, notebookId: string, threadId: string) =>
      changeResolved(principal, notebookId, threadId, true),

    reopen: (principal: Principal, notebookId: string, threadId: string) =>
      changeResolved(principal, notebookId, threadId, false),
  };
}

function buildThreadNotFound(): AppError {
  return new AppError("not_found", "comment thread not found");
}

export type Comments = ReturnType<typeof createComments>;
