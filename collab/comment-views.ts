import type { UserSummary } from "../protocol/api";
import { encodeBase64, type CommentId, type CommentView, type ThreadId, type ThreadView } from "../protocol/comments";
import type { NotebookId } from "../protocol/ids";
import { toUserSummary } from "../auth/index";
import {
  listComments,
  listCommentUsers,
  type CommentRow,
  type ThreadRow,
} from "../db/queries/comments";
import type { Executor } from "../db/queries/executor";

/**
 * Builds the views of these threads with their comments and the names of
 * everyone they mention, in three queries whatever the number of threads.
 *
 * @example
 * const [view] = await loadThreadViews(db, [threadRow]);
 */
export async function loadThreadViews(db: Executor, threads: ThreadRow[]): Promise<ThreadView[]> {
  const rows = await listComments(db, threads.map((t) => t.id));
  const userIds = new Set<string>();
  for (const t of threads) for (const id of [t.createdBy, t.resolvedBy]) if (id) userIds.add(id);
  for (const c of rows) for (const id of [c.authorId, ...c.mentions]) if (id) userIds.add(id);
  const people = new Map((await listCommentUsers(db, [...userIds])).map((u) => [u.id, toUserSummary(u)]));
  const byThread = new Map<string, CommentView[]>();
  for (const row of rows) {
    const list = byThread.get(row.threadId) ?? [];
    list.push(toCommentView(row, people));
    byThread.set(row.threadId, list);
  }
  return threads.map((t) => toThreadView(t, byThread.get(t.id) ?? [], people));
}

function toThreadView(row: ThreadRow, comments: CommentView[], people: Map<string, UserSummary>): ThreadView {
  return {
    id: row.id as ThreadId,
    notebookId: row.notebookId as NotebookId,
    cellId: row.cellId,
    anchorStart: row.anchorStart ? encodeBase64(row.anchorStart) : null,
    anchorEnd: row.anchorEnd ? encodeBase64(row.anchorEnd) : null,
    quote: row.quote,
    createdBy: findPerson(people, row.createdBy),
    createdAt: row.createdAt.toISOString(),
    resolved: row.resolvedAt !== null,
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    resolvedBy: findPerson(people, row.resolvedBy),
    comments,
  };
}

function toCommentView(row: CommentRow, people: Map<string, UserSummary>): CommentView {
  return {
    id: row.id as CommentId,
    threadId: row.threadId as ThreadId,
    author: findPerson(people, row.authorId),
    body: row.body,
    mentions: row.mentions.flatMap((id) => findPerson(people, id) ?? []),
    createdAt: row.createdAt.toISOString(),
  };
}

function findPerson(people: Map<string, UserSummary>, id: string | null): UserSummary | null {
  return id ? (people.get(id) ?? null) : null;
}
