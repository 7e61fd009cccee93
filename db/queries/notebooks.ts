import { and, asc, count, desc, eq, isNotNull, isNull } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { NotebookRole } from "../../protocol/roles";
import { users } from "../schema/identity";
import { notebookMembers, notebooks } from "../schema/notebooks";
import type { Executor } from "./executor";
import type { UserRow } from "./users";

export type NotebookRow = typeof notebooks.$inferSelect;
export type MemberRow = typeof notebookMembers.$inferSelect;

export interface NotebookListing {
  notebook: NotebookRow;
  owner: UserRow;
  /** The caller's own membership role, or null (an admin listing everything). */
  role: NotebookRole | null;
}

const owner = alias(users, "owner");

/** Creates a notebook with its creator as owner, in the caller's transaction. */
export async function insertNotebook(db: Executor, values: { name: string; ownerId: string }): Promise<NotebookRow> {
  const [row] = await db.insert(notebooks).values(values).returning();
  if (!row) throw new Error("notebook insert returned no row");
  await db.insert(notebookMembers).values({ notebookId: row.id, userId: values.ownerId, role: "owner", grantedBy: values.ownerId });
  return row;
}

/**
 * Notebooks the user is a member of (or every notebook, for `all`), live or
 * trashed, most recently updated first.
 */
export async function listNotebooks(
  db: Executor,
  userId: string,
  options: { trashed: boolean; all: boolean },
): Promise<NotebookListing[]> {
  const membership = and(eq(notebookMembers.notebookId, notebooks.id), eq(notebookMembers.userId, userId));
  const trashed = options.trashed ? isNotNull(notebooks.trashedAt) : isNull(notebooks.trashedAt);
  const base = db
    .select({ notebook: notebooks, owner, role: notebookMembers.role })
    .from(notebooks)
    .innerJoin(owner, eq(owner.id, notebooks.ownerId));
  const joined = options.all ? base.leftJoin(notebookMembers, membership) : base.innerJoin(notebookMembers, membership);
  return joined.where(trashed).orderBy(desc(notebooks.updatedAt), asc(notebooks.id));
}

/**
 * Every notebook (live or trashed) with the user's membership role: only
 * the user's own notebooks, or all of them with `all` (role null where the
 * user is not a member).
 */
export async function listNotebookRoles(db: Executor, userId: string, options: { all: boolean }): Promise<Array<{ id: string; role: NotebookRole | null }>> {
  const membership = and(eq(notebookMembers.notebookId, notebooks.id), eq(notebookMembers.userId, userId));
  const base = db.select({ id: notebooks.id, role: notebookMembers.role }).from(notebooks);
  return options.all ? base.leftJoin(notebookMembers, membership) : base.innerJoin(notebookMembers, membership);
}

export async function findNotebook(
  db: Executor,
  notebookId: string,
  userId: string,
): Promise<NotebookListing | null> {
  const rows = await db
    .select({ notebook: notebooks, owner, role: notebookMembers.role })
    .from(notebooks)
    .innerJoin(owner, eq(owner.id, notebooks.ownerId))
    .leftJoin(notebookMembers, and(eq(notebookMembers.notebookId, notebooks.id), eq(notebookMembers.userId, userId)))
    .where(eq(notebooks.id, notebookId))
    .limit(1);
  return rows[0] ?? null;
}

export async function updateNotebook(
  db: Executor,
  notebookId: string,
  patch: { name?: string; trashedAt?: Date | null },
): Promise<void> {
  await db
    .update(notebooks)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(notebooks.id, notebookId));
}

export async function deleteNotebook(db: Executor, notebookId: string): Promise<void> {
  await db.delete(notebooks).where(eq(notebooks.id, notebookId));
}

export async function listMembers(db: Executor, notebookId: string): Promise<Array<{ member: MemberRow; user: UserRow }>> {
  return db
    .select({ member: notebookMembers, user: users })
    .from(notebookMembers)
    .innerJoin(users, eq(users.id, notebookMembers.userId))
    .where(eq(notebookMembers.notebookId, notebookId))
    .orderBy(asc(users.username));
}

export async function findMember(db: Executor, notebookId: string, userId: string): Promise<MemberRow | null> {
  const rows = await db
    .select()
    .from(notebookMembers)
    .where(and(eq(notebookMembers.notebookId, notebookId), eq(notebookMembers.userId, userId)))
    .limit(1);
  return rows[0] ?? null;
}

export async function upsertMember(
  db: Executor,
  values: { notebookId: string; userId: string; role: NotebookRole; grantedBy: string },
): Promise<MemberRow> {
  const [row] = await db
    .insert(notebookMembers)
    .values(values)
    .onConflictDoUpdate({
      target: [notebookMembers.notebookId, notebookMembers.userId],
      set: { role: values.role, grantedBy: values.grantedBy, grantedAt: new Date() },
    })
    .returning();
  if (!row) throw new Error("member upsert returned no row");
  return row;
}

export async function deleteMember(db: Executor, notebookId: string, userId: string): Promise<boolean> {
  const rows = await db
    .delete(notebookMembers)
    .where(and(eq(notebookMembers.notebookId, notebookId), eq(notebookMembers.userId, userId)))
    .returning({ userId: notebookMembers.userId });
  return rows.length > 0;
}

export async function countOwners(db: Executor, notebookId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notebookMembers)
    .where(and(eq(notebookMembers.notebookId, notebookId), eq(notebookMembers.role, "owner")));
  return row?.n ?? 0;
}

/** Keeps `notebooks.owner_id` pointing at a current owner after sharing changes. */
export async function setNotebookOwner(db: Executor, notebookId: string, ownerId: string): Promise<void> {
  await db.update(notebooks).set({ ownerId }).where(eq(notebooks.id, notebookId));
}
