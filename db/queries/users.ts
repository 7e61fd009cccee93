import { and, asc, count, eq, ne, sql } from "drizzle-orm";
import type { WorkspaceRole } from "../../protocol/roles";
import { users } from "../schema/identity";
import type { Executor } from "./executor";

export type UserRow = typeof users.$inferSelect;

/** Serialises first-sign-up checks: concurrent sign-ups see each other. */
export async function lockUsers(tx: Executor): Promise<void> {
  await tx.execute(sql`lock table ${users} in share row exclusive mode`);
}

export async function countUsers(db: Executor): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}

export async function countActiveAdmins(db: Executor, excludingUserId?: string): Promise<number> {
  const conditions = [eq(users.role, "admin"), eq(users.disabled, false)];
  if (excludingUserId) conditions.push(ne(users.id, excludingUserId));
  const [row] = await db
    .select({ n: count() })
    .from(users)
    .where(and(...conditions));
  return row?.n ?? 0;
}

/** Returns the new row, or null when the username is taken. */
export async function insertUser(
  db: Executor,
  values: { username: string; name: string; passwordHash: string; role: WorkspaceRole },
): Promise<UserRow | null> {
  const rows = await db.insert(users).values(values).onConflictDoNothing({ target: users.username }).returning();
  return rows[0] ?? null;
}

export async function findUserById(db: Executor, id: string): Promise<UserRow | null> {
  const rows = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return rows[0] ?? null;
}

export async function findUserByUsername(db: Executor, username: string): Promise<UserRow | null> {
  const rows = await db.select().from(users).where(eq(users.username, username)).limit(1);
  return rows[0] ?? null;
}

export async function listUsers(db: Executor): Promise<UserRow[]> {
  return db.select().from(users).orderBy(asc(users.username));
}

export async function updateUser(
  db: Executor,
  id: string,
  patch: { role?: WorkspaceRole; disabled?: boolean; passwordHash?: string },
): Promise<UserRow | null> {
  const rows = await db
    .update(users)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(users.id, id))
    .returning();
  return rows[0] ?? null;
}
