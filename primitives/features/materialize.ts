import type { Dataset } from "../data/dataset";
import type { DataEngine } from "../data/engine";
import { quoteIdent } from "../data/sql";
import { FeatureError } from "./errors";
import { parseFeatureView, resolveViewColumns } from "./feature-view";
import { canonicalTimestamp, encodeOnlineValue, type KeyValue } from "./online-codec";
import { MAX_WRITE_ROWS, type OnlineStoreApi } from "./online-store";
import { kindOfColumn, utcTimestampSql } from "./values";

/**
 * Materialization: the latest row per entity of a view's offline data
 * (event time within [start, end], both ends inside, as Feast) copied into
 * the online store. The latest row is picked in DuckDB by the same rule the
 * point-in-time join and the store use (event time, then created time, then
 * the later row), and sent in writes of at most `batchSize` rows. Each
 * write is stored whole or not at all; a failure part-way leaves the
 * earlier writes in place, and running it again is safe (older rows never
 * replace newer ones, equal ones rewrite the same values).
 */
export interface MaterializeOptions {
  /** Only rows whose event time is at or after this ISO date-time. */
  start?: string;
  /** Only rows whose event time is at or before this ISO date-time. */
  end?: string;
  /** Rows per write, 1 to 10,000 (default 5,000). */
  batchSize?: number;
}

export interface MaterializeReport {
  view: string;
  /** Entities found (one latest row each). */
  entities: number;
  /** Entities whose online row this run created or replaced. */
  stored: number;
  writes: number;
  /** Rows left out because a key column is null. */
  nullKeyRows: number;
  /** sha256 of the latest rows copied (same rows, same hash): the version lineage records for the online view. */
  contentHash: string;
}

/**
 * Copies a view's latest values per entity into the online store.
 * @example
 * const report = await materializeView(engine, online, {
 *   name: "user_stats", entities: ["user_id"], eventTimestamp: "ts", features: ["orders_7d", "spend_7d"],
 * }, userStats, { end: "2024-06-01T00:00:00Z" });
 * report; // { view: "user_stats", entities: 1200, stored: 1200, writes: 1, nullKeyRows: 0, contentHash: "9c1e…" }
 */
export async function materializeView(
  engine: DataEngine, online: OnlineStoreApi, viewInput: unknown, data: Dataset, options: MaterializeOptions = {},
): Promise<MaterializeReport> {
  const view = parseFeatureView(viewInput);
  const cols = resolveViewColumns(view, data);
  const batchSize = options.batchSize ?? 5_000;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_WRITE_ROWS) {
    throw new FeatureError("invalid_argument", `batchSize must be an integer from 1 to ${MAX_WRITE_ROWS}`);
  }
  const ts = (c: typeof cols.eventTimestamp) => utcTimestampSql({ ref: quoteIdent(c.name), type: c.type, kind: kindOfColumn(c)! });
  const event = ts(cols.eventTimestamp);
  const keys = cols.entities.map((c) => quoteIdent(c.name));
  const window = [`${event} IS NOT NULL`];
  if (options.start !== undefined) window.push(`epoch_us(${event}) >= ${micros(options.start, "start")}`);
  if (options.end !== undefined) window.push(`epoch_us(${event}) <= ${micros(options.end, "end")}`);
  const keysPresent = keys.map((k) => `${k} IS NOT NULL`).join(" AND ");
  const [counted] = await engine.query(`SELECT count(*) FILTER (WHERE NOT (${keysPresent})) AS n FROM ${data.table} WHERE ${window.join(" AND ")}`);
  const order = [`${event} DESC`, ...(cols.createdTimestamp ? [`${ts(cols.createdTimestamp)} DESC NULLS LAST`] : []), "rowid DESC"];
  const micro = (expr: string) => `strftime(${expr}, '%Y-%m-%dT%H:%M:%S.%fZ')`;
  const latest = await engine.materialize(
    `SELECT ${keys.join(", ")}, ${micro(event)} AS __tb_event, ${cols.createdTimestamp ? micro(ts(cols.createdTimestamp)) : "NULL::VARCHAR"} AS __tb_created, ` +
    `${cols.features.map((f) => quoteIdent(f.name)).join(", ")} FROM ${data.table} WHERE ${window.join(" AND ")} AND ${keysPresent} ` +
    `QUALIFY row_number() OVER (PARTITION BY ${keys.join(", ")} ORDER BY ${order.join(", ")}) = 1 ORDER BY ${keys.join(", ")}`,
  );
  const report: MaterializeReport = { view: view.name, entities: latest.rowCount, stored: 0, writes: 0, nullKeyRows: Number(counted?.n ?? 0), contentHash: latest.contentHash };
  try {
    for (let offset = 0; offset < latest.rowCount; offset += batchSize) {
      const page = await engine.query(`SELECT * FROM ${latest.table} ORDER BY rowid LIMIT ${batchSize} OFFSET ${offset}`);
      const rows = page.map((row) => ({
        key: Object.fromEntries(view.entities.map((k) => [k, row[k] as KeyValue])),
        values: Object.fromEntries(view.features.map((f) => [f, encodeOnlineValue(row[f], f)])),
        eventTs: String(row.__tb_event),
        createdTs: row.__tb_created === null ? null : String(row.__tb_created),
      }));
      const result = await online.write({ view: view.name, rows });
      report.stored += result.stored;
      report.writes += 1;
    }
  } finally {
    await engine.release(latest);
  }
  return report;
}

/** Epoch microseconds of an ISO date-time, exactly (no float on the way). */
function micros(text: string, field: string): string {
  const canonical = canonicalTimestamp(text, field);
  const ms = BigInt(Date.parse(canonical.slice(0, 23) + "Z"));
  return String(ms * 1000n + BigInt(canonical.slice(23, 26)));
}
