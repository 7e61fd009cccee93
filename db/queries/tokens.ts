import { and, desc, eq, isNull } from "drizzle-orm";
import { apiTokens, users } from "../schema/identity";
import type { Executor } from "./executor";
import type { UserRow } from "./users";

export type ApiTokenRow = typeof apiTokens.$inferSelect;

export async function insertApiToken(
  db: Executor,
  values: { userId: string; name: string; prefix: string; tokenHash: string; expiresAt: Date | null },
): Promise<ApiTokenRow> {
  const [row] = await db.insert(apiTokens).values(values).returning();
  if (!row) throw new Error("token insert returned no row");
  return row;
}

export async function listApiTokens(db: Executor, userId: string): Promise<ApiTokenRow[]> {
  return db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .orderBy(desc(apiTokens.createdAt));
}

/** An unrevoked token and its user; expiry is checked by the caller. */
export async function findApiToken(
  db: Executor,
  tokenHash: string,
): Promise<{ token: ApiTokenRow; user: UserRow } | null> {
  const rows = await db
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)))
    .limit(1);
  return rows[0] ?? null;
}

export async function touchApiToken(db: Executor, id: string, now: Date): Promise<void> {
  await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, id));
}

/** Revokes one of the user's own tokens; false when there is no such live token. */
export async function revokeApiToken(db: Executor, userId: string, id: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}
