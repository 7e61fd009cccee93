import { and, asc, count, eq, gt, lte, max, sql } from "drizzle-orm";
import type { Database } from "../client";
import { docSnapshots, docUpdates } from "../schema/collab";
import type { Executor } from "./executor";

export interface StoredDoc {
  snapshot: { state: Uint8Array; throughUpdateId: number } | null;
  updates: Array<{ id: number; update: Uint8Array }>;
}

/** Appends updates in one statement; they are durable when this resolves. */
export async function appendDocUpdates(db: Database, notebookId: string, updates: Uint8Array[]): Promise<void> {
  await appendDocRows(db, updates.map((update) => ({ notebookId, update })));
}

/**
 * Every update of every notebook passes through here before anyone sees it,
 * so it skips the query builder: one fixed statement on the driver itself,
 * the rows as two array parameters unnested server-side. On embedded PGlite,
 * where statements run on the server's own thread, building the statement
 * per call doubled an append's cost, and two parameters per row quadrupled
 * a 50-row one. Ids follow the given order.
 */
const APPEND_ROWS = `insert into doc_updates (notebook_id, update)
  select notebook_id, update from unnest($1::uuid[], $2::bytea[]) with ordinality as row(notebook_id, update, position)
  order by position`;

/** The driver under a drizzle database: PGlite and node-postgres's Pool both answer `query(text, params)`. */
interface Driver {
  query(text: string, params: unknown[]): Promise<unknown>;
}

/** Appends rows of any notebooks in one statement, ids in the given order; durable when this resolves. */
export async function appendDocRows(db: Database, rows: Array<{ notebookId: string; update: Uint8Array }>): Promise<void> {
  if (rows.length === 0) return;
  const driver = (db as unknown as { $client: Driver }).$client;
  await driver.query(APPEND_ROWS, [rows.map((r) => r.notebookId), rows.map((r) => toBuffer(r.update))]);
}

/** node-postgres writes a Buffer inside an array parameter as bytea; PGlite takes either. */
function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Reads a document's snapshot and the updates after it as one consistent
 * pair. Compaction replaces the snapshot and deletes the updates it folded in
 * one transaction; read as two plain statements, a compaction committing
 * between them would leave the old snapshot with the folded updates gone.
 * Taking compaction's lock first makes the reads see all of it or none.
 */
export async function loadStoredDoc(db: Database, notebookId: string): Promise<StoredDoc> {
  return db.transaction(async (tx) => {
    await lockDoc(tx, notebookId);
    return readStoredDoc(tx, notebookId);
  });
}

async function lockDoc(tx: Executor, notebookId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${notebookId}))`);
}

async function readStoredDoc(db: Executor, notebookId: string): Promise<StoredDoc> {
  const [snapshot] = await db
    .select({ state: docSnapshots.state, throughUpdateId: docSnapshots.throughUpdateId })
    .from(docSnapshots)
    .where(eq(docSnapshots.notebookId, notebookId));
  const after = snapshot?.throughUpdateId ?? 0;
  const updates = await db
    .select({ id: docUpdates.id, update: docUpdates.update })
    .from(docUpdates)
    .where(and(eq(docUpdates.notebookId, notebookId), gt(docUpdates.id, after)))
    .orderBy(asc(docUpdates.id));
  return { snapshot: snapshot ?? null, updates };
}

export async function countDocUpdates(db: Executor, notebookId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(docUpdates).where(eq(docUpdates.notebookId, notebookId));
  return row?.n ?? 0;
}

/**
 * Folds the snapshot and every update so far into a new snapshot, in one
 * transaction. Updates appended meanwhile get higher ids and stay for the
 * next load, so editors are never blocked or lost.
 */
export async function compactStoredDoc(
  db: Database,
  notebookId: string,
  merge: (parts: Uint8Array[]) => Uint8Array,
): Promise<number> {
  return db.transaction(async (tx) => {
    await lockDoc(tx, notebookId);
    const [top] = await tx.select({ id: max(docUpdates.id) }).from(docUpdates).where(eq(docUpdates.notebookId, notebookId));
    const through = top?.id;
    if (!through) return 0;
    const stored = await readStoredDoc(tx, notebookId);
    const parts = [
      ...(stored.snapshot ? [stored.snapshot.state] : []),
      ...stored.updates.filter((u) => u.id <= through).map((u) => u.update),
    ];
    const state = merge(parts);
    await tx
      .insert(docSnapshots)
      .values({ notebookId, state, throughUpdateId: through })
      .onConflictDoUpdate({ target: docSnapshots.notebookId, set: { state, throughUpdateId: through, updatedAt: new Date() } });
    const folded = await tx
      .delete(docUpdates)
      .where(and(eq(docUpdates.notebookId, notebookId), lte(docUpdates.id, through)))
      .returning({ id: docUpdates.id });
    return folded.length;
  });
}
