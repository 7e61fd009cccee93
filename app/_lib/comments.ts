import * as Y from "yjs";
import {
  COMMENT_LIMITS,
  decodeBase64,
  encodeBase64,
  FINAL_END_REASONS,
  type CommentEvent,
  type CommentView,
  type CreateThreadInput,
  type FeedEndReason,
  type ThreadView,
} from "@/protocol/comments";
import { api } from "./api";

/**
 * The browser's side of comment threads: typed calls to the comments API,
 * anchors made from and resolved against a cell's Y.Text, and a live
 * subscription to the notebook's events. See collab/README.md, "Comments".
 */

const threadsPath = (notebookId: string) => `/api/notebooks/${encodeURIComponent(notebookId)}/comments`;
const threadPath = (notebookId: string, threadId: string) => `${threadsPath(notebookId)}/${encodeURIComponent(threadId)}`;

/**
 * Every thread of a notebook (or of one cell), oldest first.
 *
 * @example
 * const threads = await listThreads(notebookId, { cellId });
 */
export async function listThreads(notebookId: string, options: { cellId?: string } = {}): Promise<ThreadView[]> {
  const query = options.cellId === undefined ? "" : `?cellId=${encodeURIComponent(options.cellId)}`;
  return (await api<{ threads: ThreadView[] }>("GET", threadsPath(notebookId) + query)).threads;
}

/**
 * Opens a thread on a cell; spread `anchorRange(...)` into `input` to anchor it to a selection.
 *
 * @example
 * await createThread(notebookId, { cellId, body: "Why 0.3?", ...anchorRange(source, from, to) });
 */
export async function createThread(notebookId: string, input: CreateThreadInput): Promise<ThreadView> {
  return (await api<{ thread: ThreadView }>("POST", threadsPath(notebookId), { body: input })).thread;
}

/**
 * Adds a comment (reopening the thread if it was resolved).
 *
 * @example
 * const { thread } = await replyToThread(notebookId, threadId, "Agreed, @ada");
 */
export function replyToThread(notebookId: string, threadId: string, body: string): Promise<{ thread: ThreadView; comment: CommentView }> {
  return api("POST", `${threadPath(notebookId, threadId)}/replies`, { body: { body } });
}

/** @example await resolveThread(notebookId, thread.id) */
export async function resolveThread(notebookId: string, threadId: string): Promise<ThreadView> {
  return (await api<{ thread: ThreadView }>("POST", `${threadPath(notebookId, threadId)}/resolve`)).thread;
}

/** @example await reopenThread(notebookId, thread.id) */
export async function reopenThread(notebookId: string, threadId: string): Promise<ThreadView> {
  return (await api<{ thread: ThreadView }>("POST", `${threadPath(notebookId, threadId)}/reopen`)).thread;
}

/**
 * The anchor fields for a selection [from, to) of a cell's source. The start
 * sticks to the character after it and the end to the character before it,
 * so text typed at either edge stays outside the range.
 *
 * @example
 * createThread(notebookId, { cellId, body, ...anchorRange(cellSource(doc, cellId)!, 11, 14) });
 */
export function anchorRange(source: Y.Text, from: number, to: number): { anchorStart: string; anchorEnd: string; quote: string } {
  const start = Math.max(0, Math.min(from, to));
  const end = Math.min(source.length, Math.max(from, to));
  return {
    anchorStart: encodeBase64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(source, start, 0))),
    anchorEnd: encodeBase64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(source, end, -1))),
    quote: source.toString().slice(start, end).slice(0, COMMENT_LIMITS.quoteChars),
  };
}

/**
 * Where a thread's range is now in the cell's source, or null for a
 * whole-cell thread, a range whose text is not here yet, or one whose text
 * was deleted (then show the thread on the cell with its `quote`).
 *
 * @example
 * const range = resolveAnchor(thread, doc, cellSource(doc, thread.cellId)); // { from: 9, to: 12 }
 */
export function resolveAnchor(thread: Pick<ThreadView, "anchorStart" | "anchorEnd">, doc: Y.Doc, source: Y.Text | undefined): { from: number; to: number } | null {
  if (!thread.anchorStart || !thread.anchorEnd || !source) return null;
  const at = (b64: string) => Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(decodeBase64(b64)), doc);
  const start = at(thread.anchorStart);
  const end = at(thread.anchorEnd);
  if (!start || !end || start.type !== source || end.type !== source || start.index >= end.index) return null;
  return { from: start.index, to: end.index };
}

/**
 * A thread list with one thread added or replaced (from an API answer or a
 * live event), kept oldest first.
 *
 * @example
 * setThreads((threads) => upsertThread(threads, event.thread));
 */
export function upsertThread(threads: readonly ThreadView[], thread: ThreadView): ThreadView[] {
  const rest = threads.filter((t) => t.id !== thread.id);
  const at = rest.findIndex((t) => t.createdAt > thread.createdAt || (t.createdAt === thread.createdAt && t.id > thread.id));
  return at < 0 ? [...rest, thread] : [...rest.slice(0, at), thread, ...rest.slice(at)];
}

export interface NotebookEventHandlers {
  /** A thread was created, replied to, resolved or reopened (by anyone, including this user). */
  onComment(event: CommentEvent): void;
  /**
   * The stream is (re)connected. Events missed while disconnected are not
   * replayed, so refetch the thread list here.
   */
  onReady?(): void;
  /**
   * The stream is over for good: access revoked, notebook trashed or deleted,
   * or the server refused it ("refused"). Other endings reconnect by themselves.
   */
  onEnd?(reason: FeedEndReason | "refused"): void;
}

type EventSourceLike = Pick<EventSource, "addEventListener" | "close" | "readyState"> & { onerror: ((event: Event) => void) | null };

/**
 * Subscribes to a notebook's live events (`GET /api/notebooks/:id/events`)
 * with the browser's EventSource, which sends the session cookie and
 * reconnects on its own. Returns the function that unsubscribes.
 *
 * @example
 * useEffect(() => subscribeToNotebookEvents(notebookId, {
 *   onReady: () => void listThreads(notebookId).then(setThreads),
 *   onComment: (event) => setThreads((threads) => upsertThread(threads, event.thread)),
 * }), [notebookId]);
 */
export function subscribeToNotebookEvents(
  notebookId: string,
  handlers: NotebookEventHandlers,
  open: (url: string) => EventSourceLike = (url) => new EventSource(url, { withCredentials: true }),
): () => void {
  const source = open(`/api/notebooks/${encodeURIComponent(notebookId)}/events`);
  let over = false;
  const finish = (reason: FeedEndReason | "refused") => {
    if (over) return;
    over = true;
    source.close();
    handlers.onEnd?.(reason);
  };
  source.addEventListener("ready", () => handlers.onReady?.());
  source.addEventListener("comment", (event) => {
    const data = parseData<CommentEvent>(event);
    if (data?.thread && data.notebookId === notebookId) handlers.onComment(data);
  });
  source.addEventListener("end", (event) => {
    const reason = parseData<{ reason: FeedEndReason }>(event)?.reason;
    if (reason && FINAL_END_REASONS.includes(reason)) finish(reason);
  });
  source.onerror = () => {
    // CLOSED after an error means the server answered with an error status: it will not come back.
    if (source.readyState === 2) finish("refused");
  };
  return () => {
    over = true;
    source.close();
  };
}

function parseData<T>(event: Event): T | null {
  try {
    return JSON.parse((event as MessageEvent<string>).data) as T;
  } catch {
    return null;
  }
}
