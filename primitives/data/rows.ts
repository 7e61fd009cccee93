import type { DataEngine, Row } from "./engine";
import type { Dataset } from "./dataset";
import { requireColumns } from "./columns";
import { DataError } from "./errors";
import { quoteIdent } from "./sql";

/** The most rows one call copies out of the engine (into the isolate, a preview, a table). */
export const MAX_ROWS_PER_READ = 10_000;

/**
 * The first `n` rows (default 10), as plain objects.
 * @example
 * display.table(await head(engine, ds, 20));
 */
export async function head(engine: DataEngine, dataset: Dataset, n = 10): Promise<Row[]> {
  return readRows(engine, dataset, { limit: n });
}

/**
 * A window of rows in table order, copied out as plain objects. The limit is
 * capped at MAX_ROWS_PER_READ: the rows stay in the engine, cells ask for
 * what they need.
 * @example
 * const page = await readRows(engine, ds, { offset: 100, limit: 50, columns: ["id", "price"] });
 */
export async function readRows(
  engine: DataEngine, dataset: Dataset, options: { offset?: number; limit?: number; columns?: string[] } = {},
): Promise<Row[]> {
  const limit = Math.trunc(options.limit ?? 100);
  const offset = Math.trunc(options.offset ?? 0);
  if (!(limit >= 0) || !(offset >= 0)) throw new DataError("invalid_argument", `offset and limit must be non-negative, got ${offset} and ${limit}`);
  if (limit > MAX_ROWS_PER_READ) {
    throw new DataError("invalid_argument", `at most ${MAX_ROWS_PER_READ} rows per read (asked for ${limit}); page with offset, or aggregate in the engine`, { limit, max: MAX_ROWS_PER_READ });
  }
  const columns = options.columns ? requireColumns(dataset, options.columns).map((c) => quoteIdent(c.name)).join(", ") : "*";
  return engine.query(`SELECT ${columns} FROM ${dataset.table} ORDER BY rowid LIMIT ${limit} OFFSET ${offset}`);
}
