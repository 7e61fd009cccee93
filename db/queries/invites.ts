import { and, desc, eq, gt, isNull } from "drizzle-orm";
import type { WorkspaceRole } from "../../protocol/roles";
import { invites, users } from "../schema/identity";
import type { Executor } from "./executor";
import type { UserRow } from "./users";

export type InviteRow = typeof invites.$inferSelect;

export async function insertInvite(
  db: Executor,
  values: { tokenHash: string; role: WorkspaceRole; createdBy: string; expiresAt: Date },
): Promise<InviteRow> {
  const [row] = await db.insert(invites).values(values).returning();
  if (!row) throw new Error("invite insert returned no row");
  return row;
}

/** Invites that can still be accepted: unused, unrevoked, unexpired. */
export async function listOpenInvites(db: Executor, now: Date): Promise<Array<{ invite: InviteRow; creator: UserRow }>> {
  return db
    .select({ invite: invites, creator: users })
    .from(invites)
    .innerJoin(users, eq(users.id, invites.createdBy))
    .where(and(isNull(invites.usedAt), isNull(invites.revokedAt), gt(invites.expiresAt, now)))
    .orderBy(desc(invites.createdAt));
}

/** Locks the invite row so that two acceptances of one link cannot both win. */
export async function findInviteForUpdate(db: Executor, tokenHash: string): Promise<InviteRow | null> {
  const rows = await db.select().from(invites).where(eq(invites.tokenHash, tokenHash)).limit(1).for("update");
  return rows[0] ?? null;
}

export async function findInviteByHash(db: Executor, tokenHash: string): Promise<InviteRow | null> {
  const rows = await db.select().from(invites).where(eq(invites.tokenHash, tokenHash)).limit(1);
  return rows[0] ?? null;
}

export async function markInviteUsed(db: Executor, id: string, userId: string, now: Date): Promise<void> {
  await db.update(invites).set({ usedAt: now, usedBy: userId }).where(eq(invites.id, id));
}

export async function revokeInvite(db: Executor, id: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(invites)
    .set({ revokedAt: now })
    .where(and(eq(invites.id, id), isNull(invites.usedAt), isNull(invites.revokedAt)))
    .returning({ id: invites.id });
  return rows.length > 0;
}
