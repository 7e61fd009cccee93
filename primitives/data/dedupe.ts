import type { DataEngine, Row } from "./engine";
import type { Dataset } from "./dataset";
import { requireColumns } from "./columns";
import { DataError } from "./errors";
import { quoteIdent } from "./sql";

export interface DuplicateGroup {
  /** The key values shared by the group. */
  key: Row;
  size: number;
  /** 0-based row index of the row kept. */
  keptRow: number;
  droppedRows: number[];
}

export interface DedupeReport {
  keys: string[];
  keep: "first" | "last";
  orderBy: string | null;
  kept: number;
  dropped: number;
  /** How many key values occur more than once. */
  duplicateGroups: number;
  /** Up to `sampleSize` duplicate groups, in order of first appearance. */
  samples: DuplicateGroup[];
}

/**
 * Keeps one row per key. `keep: "first"` keeps the row with the smallest
 * `orderBy` value (the earliest row without `orderBy`), `"last"` the largest
 * (the latest row); ties go to the earlier / later row. Rows keep their order;
 * null keys count as equal to each other.
 * @example
 * const { dataset, report } = await dedupe(engine, events, { keys: ["user_id"], keep: "last", orderBy: "updated_at" });
 * report; // { kept: 980, dropped: 20, duplicateGroups: 12, samples: [{ key: { user_id: 7 }, size: 3, keptRow: 41, droppedRows: [3, 19] }, …] }
 */
export async function dedupe(
  engine: DataEngine,
  dataset: Dataset,
  options: { keys: string[]; keep?: "first" | "last"; orderBy?: string; sampleSize?: number },
): Promise<{ dataset: Dataset; report: DedupeReport }> {
  if (options.keys.length === 0) throw new DataError("invalid_argument", "dedupe needs at least one key column");
  const keys = requireColumns(dataset, options.keys).map((c) => quoteIdent(c.name));
  if (options.orderBy) requireColumns(dataset, [options.orderBy]);
  const keep = options.keep ?? "first";
  const dir = keep === "first" ? "ASC" : "DESC";
  const order = [options.orderBy ? `${quoteIdent(options.orderBy)} ${dir} NULLS LAST` : null, `__row ${dir}`].filter(Boolean).join(", ");
  const partition = keys.length > 0 ? `PARTITION BY ${keys.join(", ")}` : "";
  const ranked = `SELECT *, row_number() OVER (${partition} ORDER BY ${order}) AS __rank, count(*) OVER (${partition}) AS __n
                  FROM (SELECT rowid AS __row, * FROM ${dataset.table})`;
  const out = await engine.materialize(`SELECT * EXCLUDE (__row, __rank, __n) FROM (${ranked}) WHERE __rank = 1 ORDER BY __row`);
  const sampleSize = Math.trunc(options.sampleSize ?? 5);
  const [{ groups }] = (await engine.query(`SELECT count(DISTINCT (${keys.join(", ")})) FILTER (WHERE __n > 1) AS groups FROM (${ranked})`)) as [{ groups: number }];
  const sampled = sampleSize > 0 && groups > 0
    ? await engine.query(
        `SELECT ${keys.join(", ")}, max(__n) AS __size, min(__row) FILTER (WHERE __rank = 1) AS __kept,
                list(__row ORDER BY __row) FILTER (WHERE __rank > 1) AS __dropped
         FROM (${ranked}) WHERE __n > 1 GROUP BY ${keys.join(", ")} ORDER BY min(__row) LIMIT ${sampleSize}`,
      )
    : [];
  const samples = sampled.map((r) => {
    const key: Row = {};
    for (const name of options.keys) key[name] = r[name]!;
    return { key, size: Number(r.__size), keptRow: Number(r.__kept), droppedRows: (r.__dropped as number[]).map(Number) };
  });
  return {
    dataset: out,
    report: {
      keys: options.keys, keep, orderBy: options.orderBy ?? null,
      kept: out.rowCount, dropped: dataset.rowCount - out.rowCount, duplicateGroups: Number(groups), samples,
    },
  };
}
