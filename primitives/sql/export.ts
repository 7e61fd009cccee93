import { open } from "node:fs/promises";
import type { SqlField, SqlParam, TextSession } from "../../db/text-session";
import { SqlQueryError, type SqlResultColumn } from "./answer";
import { duckdbTypeOf } from "./pg-types";
import { toSqlQueryError } from "./pg-errors";

/**
 * A person's query streamed to an NDJSON file: a cursor is declared over it
 * (which also refuses anything but a query) and fetched a batch at a time,
 * each batch written before the next is fetched, so the server holds one
 * batch, never the whole result. Stops with `too_large` past `maxRows` rows
 * or `maxBytes` bytes.
 */
export interface ExportLimits {
  file: string;
  maxRows: number;
  maxBytes: number;
  /** Lineage namespace of the source, for error details. */
  source: string;
  batchRows?: number;
  signal?: AbortSignal;
  /** The whole fetch ends by this time (epoch ms): the statement timeout bounds each FETCH, not their sum. */
  deadline?: number;
}

export interface ExportResult {
  columns: SqlResultColumn[];
  rowCount: number;
  bytes: number;
}

const CURSOR = "tracebook_query";
export const DECLARE = `DECLARE ${CURSOR} NO SCROLL CURSOR FOR `;
export const DEFAULT_BATCH_ROWS = 1000;
const FORMAT_SETTINGS = ["SET LOCAL TimeZone = 'UTC'", "SET LOCAL DateStyle = 'ISO, YMD'", "SET LOCAL extra_float_digits = 1"];

/**
 * Runs `sql` on an open read-only session and writes its rows to `limits.file`.
 * @example
 * await store.readOnly((s) => exportQuery(s, "select * from lineage_jobs where kind = $1", ["cell"], { file, maxRows: 1e6, maxBytes: 1e9, source: "tracebook" }));
 */
export async function exportQuery(session: TextSession, sql: string, params: readonly SqlParam[], limits: ExportLimits): Promise<ExportResult> {
  const text = withoutTrailingSemicolons(sql);
  const where = { offset: DECLARE.length, source: limits.source, sqlLength: text.length };
  let fields: SqlField[];
  try {
    // Text forms DuckDB reads the same way whatever the server's or the database's defaults.
    for (const setting of FORMAT_SETTINGS) await session.query(setting);
    await session.query(DECLARE + text, params);
    // FETCH 0 moves nowhere but describes the columns, so an empty result still has its schema.
    ({ fields } = await session.query(`FETCH 0 FROM ${CURSOR}`));
  } catch (error) {
    throw toSqlQueryError(error, where) ?? error;
  }
  const columns = fields.map((f) => ({ name: f.name, type: duckdbTypeOf(f.oid) }));
  const keys = columns.map((_, i) => `c${i}`);
  const handle = await open(limits.file, "wx", 0o600);
  let rowCount = 0;
  let bytes = 0;
  try {
    for (;;) {
      limits.signal?.throwIfAborted();
      if (limits.deadline !== undefined && Date.now() > limits.deadline) {
        throw new SqlQueryError("timeout", `the query's rows took longer than its time limit to arrive (${rowCount} so far); pass a larger { timeoutMs } or select fewer rows`, { rowCount });
      }
      let rows: (string | null)[][];
      try {
        ({ rows } = await session.query(`FETCH ${limits.batchRows ?? DEFAULT_BATCH_ROWS} FROM ${CURSOR}`));
      } catch (error) {
        throw toSqlQueryError(error, where) ?? error;
      }
      if (rows.length === 0) break;
      rowCount += rows.length;
      if (rowCount > limits.maxRows) {
        throw new SqlQueryError("too_large", `the query returned more than ${limits.maxRows} rows; add a LIMIT or pass a larger { maxRows }`, { maxRows: limits.maxRows });
      }
      const chunk = rows.map((row) => JSON.stringify(Object.fromEntries(keys.map((key, i) => [key, row[i] ?? null])))).join("\n") + "\n";
      bytes += Buffer.byteLength(chunk);
      if (bytes > limits.maxBytes) {
        throw new SqlQueryError("too_large", `the query's result is larger than ${limits.maxBytes} bytes (TRACEBOOK_UPLOAD_MAX_BYTES); select fewer rows or columns`, { maxBytes: limits.maxBytes });
      }
      await handle.write(chunk);
    }
  } finally {
    await handle.close();
  }
  return { columns, rowCount, bytes };
}

/** `select 1;` is how people end statements; inside DECLARE the semicolon would end it early. */
export function withoutTrailingSemicolons(sql: string): string {
  return sql.replace(/[\s;]+$/, "");
}
