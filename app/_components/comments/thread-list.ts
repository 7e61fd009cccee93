import type { ThreadView } from "@/protocol/comments";
import { upsertThread } from "@/app/_lib/comments";

/**
 * Threads as the panel lists them: open ones first (oldest first, the order
 * a discussion is read in), then resolved ones (most recently resolved
 * first); only those of one cell when `cellId` is given.
 *
 * @example
 * orderThreads(threads, { cellId: selected }) // [open..., resolved...]
 */
export function orderThreads(threads: readonly ThreadView[], options: { cellId?: string | null } = {}): ThreadView[] {
  const shown = options.cellId ? threads.filter((t) => t.cellId === options.cellId) : [...threads];
  const open = shown.filter((t) => !t.resolved);
  const resolved = shown.filter((t) => t.resolved).sort((a, b) => (b.resolvedAt ?? "").localeCompare(a.resolvedAt ?? ""));
  return [...open, ...resolved];
}

/**
 * The open threads of each cell, oldest first.
 *
 * @example
 * openThreadsByCell(threads).get(cellId)?.length // the badge's number
 */
export function openThreadsByCell(threads: readonly ThreadView[]): Map<string, ThreadView[]> {
  const byCell = new Map<string, ThreadView[]>();
  for (const thread of threads) {
    if (thread.resolved) continue;
    const list = byCell.get(thread.cellId);
    if (list) list.push(thread);
    else byCell.set(thread.cellId, [thread]);
  }
  return byCell;
}

/**
 * Adds or replaces a thread from an API answer. Live events arrive in commit
 * order and always win, but an answer can arrive after the event of a later
 * change: comments are never deleted, so an answer with fewer comments than
 * the thread already shown is older and is dropped.
 *
 * @example
 * setThreads((threads) => mergeAnswer(threads, await replyToThread(...).thread));
 */
export function mergeAnswer(threads: readonly ThreadView[], thread: ThreadView): ThreadView[] {
  const known = threads.find((t) => t.id === thread.id);
  if (known && known.comments.length > thread.comments.length) return [...threads];
  return upsertThread(threads, thread);
}
