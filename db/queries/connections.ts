import { and, asc, eq } from "drizzle-orm";
import { workspaceConnections } from "../schema/connections";
import type { Executor } from "./executor";

export type ConnectionRow = typeof workspaceConnections.$inferSelect;

/** Every workspace connection by name (the URL sealed, see auth/secret-box.ts: callers open and mask it). */
export async function listConnections(db: Executor): Promise<ConnectionRow[]> {
  return db.select().from(workspaceConnections).orderBy(asc(workspaceConnections.name));
}

export async function findConnectionByName(db: Executor, name: string): Promise<ConnectionRow | null> {
  const [row] = await db.select().from(workspaceConnections).where(eq(workspaceConnections.name, name)).limit(1);
  return row ?? null;
}

/** Throws a unique violation (see `isUniqueViolation`) when the name is taken. */
export async function insertConnection(db: Executor, values: { name: string; url: string; createdBy: string | null }): Promise<ConnectionRow> {
  const [row] = await db.insert(workspaceConnections).values(values).returning();
  if (!row) throw new Error("connection insert returned no row");
  return row;
}

/** True when a connection was removed. */
export async function deleteConnection(db: Executor, id: string): Promise<boolean> {
  const rows = await db.delete(workspaceConnections).where(eq(workspaceConnections.id, id)).returning({ id: workspaceConnections.id });
  return rows.length > 0;
}

/** Replaces a stored URL if it still is `from` (a concurrent change wins); true when replaced. */
export async function updateConnectionUrl(db: Executor, id: string, from: string, to: string): Promise<boolean> {
  const rows = await db
    .update(workspaceConnections)
    .set({ url: to })
    .where(and(eq(workspaceConnections.id, id), eq(workspaceConnections.url, from)))
    .returning({ id: workspaceConnections.id });
  return rows.length > 0;
}
