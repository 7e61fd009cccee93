import { and, desc, eq } from "drizzle-orm";
import { docVersions } from "../schema/collab";
import { users } from "../schema/identity";
import type { Executor } from "./executor";

export type VersionRow = typeof docVersions.$inferSelect;
/** A version without its (possibly large) state, with its author. */
export type VersionListing = Omit<VersionRow, "state"> & {
  author: { id: string; username: string; name: string } | null;
};

const listingColumns = {
  id: docVersions.id,
  notebookId: docVersions.notebookId,
  name: docVersions.name,
  kind: docVersions.kind,
  createdBy: docVersions.createdBy,
  createdAt: docVersions.createdAt,
  authorId: users.id,
  authorUsername: users.username,
  authorName: users.name,
};

interface AuthorColumns {
  authorId: string | null;
  authorUsername: string | null;
  authorName: string | null;
}

function toListing<R extends AuthorColumns>(row: R): Omit<R, keyof AuthorColumns> & Pick<VersionListing, "author"> {
  const { authorId, authorUsername, authorName, ...version } = row;
  const author =
    authorId !== null && authorUsername !== null && authorName !== null
      ? { id: authorId, username: authorUsername, name: authorName }
      : null;
  return { ...version, author };
}

export async function insertVersion(
  db: Executor,
  values: { notebookId: string; name: string; kind: VersionRow["kind"]; state: Uint8Array; createdBy: string | null },
): Promise<string> {
  const [row] = await db.insert(docVersions).values(values).returning({ id: docVersions.id });
  if (!row) throw new Error("version insert returned no row");
  return row.id;
}

/** Replaces a version's state (an automatic version made exact once its edit is done). */
export async function updateVersionState(db: Executor, versionId: string, state: Uint8Array): Promise<void> {
  await db.update(docVersions).set({ state }).where(eq(docVersions.id, versionId));
}

/** A notebook's versions, newest first. */
export async function listVersions(db: Executor, notebookId: string): Promise<VersionListing[]> {
  const rows = await db
    .select(listingColumns)
    .from(docVersions)
    .leftJoin(users, eq(users.id, docVersions.createdBy))
    .where(eq(docVersions.notebookId, notebookId))
    .orderBy(desc(docVersions.createdAt), desc(docVersions.id));
  return rows.map(toListing);
}

/** One version of one notebook, with its state; null when it is not that notebook's. */
export async function findVersion(
  db: Executor,
  notebookId: string,
  versionId: string,
): Promise<(VersionListing & { state: Uint8Array }) | null> {
  const rows = await db
    .select({ ...listingColumns, state: docVersions.state })
    .from(docVersions)
    .leftJoin(users, eq(users.id, docVersions.createdBy))
    .where(and(eq(docVersions.notebookId, notebookId), eq(docVersions.id, versionId)))
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  return toListing(row);
}
