import { and, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../client";
import { featureOnlineValues } from "../schema/features";
import type { Executor } from "./executor";

/**
 * The online store's queries: latest values per (feature view, entity key).
 * Timestamps cross this boundary as canonical UTC text,
 * `YYYY-MM-DDTHH:MM:SS.ffffffZ` (fixed width, so text order is time order);
 * the service (primitives/features/online-store.ts) normalizes them.
 */
export interface OnlineValueWrite {
  entityKey: string;
  values: Record<string, unknown>;
  eventTs: string;
  createdTs: string | null;
}

export interface OnlineValueRow extends OnlineValueWrite {
  writtenAt: Date;
}

/** Rows per INSERT: 5 parameters each, far below Postgres's 65,535. */
const CHUNK = 1000;

/** The one row per key a batch contributes: latest event, then latest created (null earliest), then the later row. */
function latestPerKey(rows: readonly OnlineValueWrite[]): OnlineValueWrite[] {
  const byKey = new Map<string, OnlineValueWrite>();
  for (const row of rows) {
    const held = byKey.get(row.entityKey);
    if (!held || compareVersions(row, held) >= 0) byKey.set(row.entityKey, row);
  }
  return [...byKey.values()];
}

function compareVersions(a: OnlineValueWrite, b: OnlineValueWrite): number {
  if (a.eventTs !== b.eventTs) return a.eventTs < b.eventTs ? -1 : 1;
  if (a.createdTs === b.createdTs) return 0;
  if (a.createdTs === null) return -1;
  if (b.createdTs === null) return 1;
  return a.createdTs < b.createdTs ? -1 : 1;
}

/**
 * Stores a batch of values for one view in one transaction (all or nothing).
 * A stored row is replaced only by one at least as recent (event time, then
 * created time; an exact tie takes the new row). Returns the keys stored.
 *
 * @example
 * await upsertOnlineValues(store.db, "user_stats", [{ entityKey: '{"user_id":"u1"}', values: { orders: 3 }, eventTs: "2024-01-10T12:00:00.000000Z", createdTs: null }]);
 */
export async function upsertOnlineValues(db: Database, view: string, rows: readonly OnlineValueWrite[]): Promise<string[]> {
  const latest = latestPerKey(rows);
  if (latest.length === 0) return [];
  const t = featureOnlineValues;
  return db.transaction(async (tx) => {
    const stored: string[] = [];
    for (let i = 0; i < latest.length; i += CHUNK) {
      const chunk = latest.slice(i, i + CHUNK);
      const written = await tx
        .insert(t)
        .values(chunk.map((r) => ({ view, entityKey: r.entityKey, values: r.values, eventTs: r.eventTs, createdTs: r.createdTs })))
        .onConflictDoUpdate({
          target: [t.view, t.entityKey],
          set: { values: sql`excluded.values`, eventTs: sql`excluded.event_ts`, createdTs: sql`excluded.created_ts`, writtenAt: sql`now()` },
          setWhere: sql`(excluded.event_ts, coalesce(excluded.created_ts, '-infinity'::timestamptz)) >= (${t.eventTs}, coalesce(${t.createdTs}, '-infinity'::timestamptz))`,
        })
        .returning({ entityKey: t.entityKey });
      stored.push(...written.map((w) => w.entityKey));
    }
    return stored;
  });
}

const utcText = (column: typeof featureOnlineValues.eventTs | typeof featureOnlineValues.createdTs) =>
  sql<string | null>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The stored rows of these keys (absent keys have no row).
 * @example
 * const rows = await readOnlineValues(store.db, "user_stats", ['{"user_id":"u1"}']);
 */
export async function readOnlineValues(db: Executor, view: string, entityKeys: readonly string[]): Promise<OnlineValueRow[]> {
  if (entityKeys.length === 0) return [];
  const t = featureOnlineValues;
  const rows = await db
    .select({ entityKey: t.entityKey, values: t.values, eventTs: utcText(t.eventTs), createdTs: utcText(t.createdTs), writtenAt: t.writtenAt })
    .from(t)
    .where(and(eq(t.view, view), inArray(t.entityKey, [...entityKeys])));
  return rows.map((r) => ({ ...r, eventTs: r.eventTs!, values: r.values as Record<string, unknown> }));
}

/**
 * Removes every online value of a view; returns how many rows went.
 * @example
 * await deleteOnlineValues(store.db, "user_stats");
 */
export async function deleteOnlineValues(db: Executor, view: string): Promise<number> {
  const gone = await db.delete(featureOnlineValues).where(eq(featureOnlineValues.view, view)).returning({ key: featureOnlineValues.entityKey });
  return gone.length;
}
