import { and, asc, eq, inArray, isNotNull, isNull, or } from "drizzle-orm";
import { comments, commentThreads } from "../schema/collab";
import { users } from "../schema/identity";
import { notebookMembers } from "../schema/notebooks";
import type { Executor } from "./executor";

export type ThreadRow = typeof commentThreads.$inferSelect;
export type CommentRow = typeof comments.$inferSelect;
export type CommentUserRow = Pick<typeof users.$inferSelect, "id" | "username" | "name">;

/**
 * Opens a thread with its first comment, in the caller's transaction.
 *
 * @example
 * await db.transaction((tx) => insertThread(tx, { notebookId, cellId, createdBy }, { body: "Why?", mentions: [] }));
 */
export async function insertThread(
  db: Executor,
  thread: {
    notebookId: string;
    cellId: string;
    createdBy: string;
    anchorStart: Uint8Array | null;
    anchorEnd: Uint8Array | null;
    quote: string | null;
  },
  first: { body: string; mentions: string[] },
): Promise<{ thread: ThreadRow; comment: CommentRow }> {
  const [row] = await db.insert(commentThreads).values(thread).returning();
  if (!row) throw new Error("thread insert returned no row");
  const comment = await insertComment(db, { threadId: row.id, authorId: thread.createdBy, ...first });
  return { thread: row, comment };
}

export async function insertComment(
  db: Executor,
  values: { threadId: string; authorId: string; body: string; mentions: string[] },
): Promise<CommentRow> {
  const [row] = await db.insert(comments).values(values).returning();
  if (!row) throw new Error("comment insert returned no row");
  return row;
}

/** A thread of this notebook, or null (also when it belongs to another notebook). */
export async function findThread(db: Executor, notebookId: string, threadId: string): Promise<ThreadRow | null> {
  const rows = await db
    .select()
    .from(commentThreads)
    .where(and(eq(commentThreads.id, threadId), eq(commentThreads.notebookId, notebookId)))
    .limit(1);
  return rows[0] ?? null;
}

/**
 * Marks a thread resolved (by `userId`) or open (`userId` null). Only an
 * actual change updates the row, so concurrent clicks resolve it once;
 * returns null when the thread was already in that state.
 */
export async function setThreadResolved(
  db: Executor,
  notebookId: string,
  threadId: string,
  userId: string | null,
): Promise<ThreadRow | null> {
  const scope = and(eq(commentThreads.id, threadId), eq(commentThreads.notebookId, notebookId));
  const change =
    userId === null
      ? { resolvedAt: null, resolvedBy: null }
      : { resolvedAt: new Date(), resolvedBy: userId };
  const rows = await db
    .update(commentThreads)
    .set(change)
    .where(and(scope, userId === null ? isNotNull(commentThreads.resolvedAt) : isNull(commentThreads.resolvedAt)))
    .returning();
  return rows[0] ?? null;
}

/** Threads of a notebook (optionally of one cell), oldest first. */
export async function listThreads(db: Executor, notebookId: string, cellId?: string): Promise<ThreadRow[]> {
  const where = cellId === undefined
    ? eq(commentThreads.notebookId, notebookId)
    : and(eq(commentThreads.notebookId, notebookId), eq(commentThreads.cellId, cellId));
  return db.select().from(commentThreads).where(where).orderBy(asc(commentThreads.createdAt), asc(commentThreads.id));
}

/** The comments of these threads, each thread's oldest first. */
export async function listComments(db: Executor, threadIds: string[]): Promise<CommentRow[]> {
  if (threadIds.length === 0) return [];
  return db
    .select()
    .from(comments)
    .where(inArray(comments.threadId, threadIds))
    .orderBy(asc(comments.createdAt), asc(comments.id));
}

/** Names of the authors, resolvers and mentioned users shown with threads. */
export async function listCommentUsers(db: Executor, userIds: string[]): Promise<CommentUserRow[]> {
  if (userIds.length === 0) return [];
  return db
    .select({ id: users.id, username: users.username, name: users.name })
    .from(users)
    .where(inArray(users.id, userIds));
}

/**
 * The users among `usernames` who may be mentioned on a notebook: enabled
 * accounts that are members of it or workspace admins.
 */
export async function findMentionableUsers(db: Executor, notebookId: string, usernames: string[]): Promise<CommentUserRow[]> {
  if (usernames.length === 0) return [];
  return db
    .select({ id: users.id, username: users.username, name: users.name })
    .from(users)
    .leftJoin(notebookMembers, and(eq(notebookMembers.userId, users.id), eq(notebookMembers.notebookId, notebookId)))
    .where(
      and(
        inArray(users.username, usernames),
        eq(users.disabled, false),
        or(eq(users.role, "admin"), isNotNull(notebookMembers.userId)),
      ),
    );
}
