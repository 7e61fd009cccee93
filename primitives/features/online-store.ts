import { z } from "zod";
import { parseRequest } from "./requests";
import type { Database } from "../../db/client";
import { deleteOnlineValues, readOnlineValues, upsertOnlineValues } from "../../db/queries/features-online";
import type { JsonValue } from "../data/errors";
import { canonicalTimestamp, entityKeyOf } from "./online-codec";

/**
 * The online store's service (server side): latest feature values per view
 * and entity, in Postgres. Kernels have no database connection, so cells
 * reach it through `OnlineStoreApi`, whose requests and answers are plain
 * JSON: the server implements it with `createOnlineStore(db)`, the kernel
 * child with a proxy over its request channel. Values are in the online
 * codec's form (online-codec.ts): the child encodes before sending and
 * decodes after reading, so no float is lost on the way.
 */
const viewName = z.string().min(1).max(128).regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, "letters, digits, _ . - (not first)");
const keyValue = z.union([z.string().max(4096), z.number().refine(Number.isFinite), z.boolean()], {
  error: "key values must be a string (up to 4096 characters), a finite number or a boolean",
});
const entityKey = z.record(z.string().min(1).max(256), keyValue).refine((k) => Object.keys(k).length > 0, "an entity key names at least one column");
const jsonValue: z.ZodType<JsonValue> = z.lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]));

/** Rows one write may carry; materialization sends larger views in several writes. */
export const MAX_WRITE_ROWS = 10_000;
/** Entities one read may ask for. */
export const MAX_READ_KEYS = 1_000;

export const onlineWriteRequestSchema = z.strictObject({
  view: viewName,
  rows: z.array(z.strictObject({
    key: entityKey,
    values: z.record(z.string(), jsonValue),
    /** ISO date-time; no zone means UTC. */
    eventTs: z.string(),
    createdTs: z.string().nullable(),
  })).max(MAX_WRITE_ROWS),
});

export const onlineReadRequestSchema = z.strictObject({
  view: viewName,
  keys: z.array(entityKey).min(1).max(MAX_READ_KEYS),
  /** Only these features (all stored ones when left out). */
  features: z.array(z.string()).optional(),
});

export type OnlineWriteRequest = z.input<typeof onlineWriteRequestSchema>;
export type OnlineReadRequest = z.input<typeof onlineReadRequestSchema>;

export interface OnlineWriteResult {
  /** Rows sent. */
  received: number;
  /** Entities whose stored row this write replaced or created (older events are ignored). */
  stored: number;
}

/** One entity's stored values, or null where nothing is stored; in the order asked. */
export interface OnlineReadResult {
  rows: ({ key: Record<string, string | number | boolean>; values: Record<string, JsonValue>; eventTs: string; createdTs: string | null } | null)[];
}

/** What kernels call; every argument and answer is plain JSON. */
export interface OnlineStoreApi {
  write(request: OnlineWriteRequest): Promise<OnlineWriteResult>;
  read(request: OnlineReadRequest): Promise<OnlineReadResult>;
  /** Removes every stored value of a view. */
  clear(request: { view: string }): Promise<{ removed: number }>;
}

/**
 * The online store over the server's database.
 * @example
 * const online = createOnlineStore(services.store.db);
 * await online.write({ view: "user_stats", rows: [{ key: { user_id: "u1" }, values: { orders_7d: 3 }, eventTs: "2024-01-10T12:00:00Z", createdTs: null }] });
 * const { rows } = await online.read({ view: "user_stats", keys: [{ user_id: "u1" }] });
 * rows[0]?.values; // { orders_7d: 3 }
 */
export function createOnlineStore(db: Database): OnlineStoreApi {
  return {
    async write(request) {
      const { view, rows } = parseRequest(onlineWriteRequestSchema, request, "online write");
      const writes = rows.map((row, i) => ({
        entityKey: entityKeyOf(row.key),
        values: row.values,
        eventTs: canonicalTimestamp(row.eventTs, `rows[${i}].eventTs`),
        createdTs: row.createdTs === null ? null : canonicalTimestamp(row.createdTs, `rows[${i}].createdTs`),
      }));
      const stored = await upsertOnlineValues(db, view, writes);
      return { received: rows.length, stored: stored.length };
    },
    async read(request) {
      const { view, keys, features } = parseRequest(onlineReadRequestSchema, request, "online read");
      const wanted = keys.map((key) => entityKeyOf(key));
      const found = new Map((await readOnlineValues(db, view, [...new Set(wanted)])).map((row) => [row.entityKey, row]));
      return {
        rows: keys.map((key, i) => {
          const row = found.get(wanted[i]!);
          if (!row) return null;
          const values = row.values as Record<string, JsonValue>;
          const picked = features ? Object.fromEntries(features.map((f) => [f, Object.hasOwn(values, f) ? values[f]! : null])) : values;
          return { key, values: picked, eventTs: row.eventTs, createdTs: row.createdTs };
        }),
      };
    },
    async clear(request) {
      const view = parseRequest(viewName, request?.view, "view");
      return { removed: await deleteOnlineValues(db, view) };
    },
  };
}
