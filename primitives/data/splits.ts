import type { DataEngine, Row } from "./engine";
import type { Dataset } from "./dataset";
import { requireColumns } from "./columns";
import { DataError } from "./errors";
import { quoteIdent, quoteLiteral } from "./sql";

export interface SplitReport {
  kind: "random" | "stratified" | "time";
  seed: number | null;
  counts: Record<string, number>;
  /** Stratified: rows per split per stratum value (as text). */
  strata?: Record<string, Record<string, number>>;
  /** Time: the cutoffs used (split i holds cutoff[i-1] <= t < cutoff[i]); rows with a null time are left out. */
  cutoffs?: string[];
  nullTimeRows?: number;
}

export type Splits = Record<string, Dataset>;

/**
 * Splits rows at random into named parts with exact sizes (each part gets
 * round(n · cumulative fraction) boundaries). The same dataset and seed give
 * the same split every time (assignment hashes row position with the seed,
 * so it does not depend on thread scheduling). Rows keep their order.
 * @example
 * const { splits, report } = await randomSplit(engine, ds, { fractions: { train: 0.8, test: 0.2 }, seed: 42 });
 * report.counts; // { train: 800, test: 200 }
 */
export async function randomSplit(
  engine: DataEngine, dataset: Dataset, options: { fractions: Record<string, number>; seed: number },
): Promise<{ splits: Splits; report: SplitReport }> {
  const splits = await splitByRank(engine, dataset, options.fractions, options.seed, null);
  return { splits, report: { kind: "random", seed: options.seed, counts: countsOf(splits) } };
}

/**
 * Like randomSplit, but each value of `column` is split in the same
 * proportions (so rare classes appear on every side when they can).
 * @example
 * const { splits, report } = await stratifiedSplit(engine, ds, { column: "label", fractions: { train: 0.7, test: 0.3 }, seed: 7 });
 * report.strata; // { train: { cat: 70, dog: 7 }, test: { cat: 30, dog: 3 } }
 */
export async function stratifiedSplit(
  engine: DataEngine, dataset: Dataset, options: { column: string; fractions: Record<string, number>; seed: number },
): Promise<{ splits: Splits; report: SplitReport }> {
  requireColumns(dataset, [options.column]);
  const splits = await splitByRank(engine, dataset, options.fractions, options.seed, options.column);
  const strata: Record<string, Record<string, number>> = {};
  for (const [name, part] of Object.entries(splits)) {
    const rows = await engine.query(`SELECT CAST(${quoteIdent(options.column)} AS VARCHAR) AS s, count(*) AS n FROM ${part.table} GROUP BY ALL ORDER BY s NULLS LAST`);
    strata[name] = Object.fromEntries(rows.map((r) => [r.s === null ? "null" : String(r.s), Number(r.n)]));
  }
  return { splits, report: { kind: "stratified", seed: options.seed, counts: countsOf(splits), strata } };
}

/**
 * Splits by time: with `cutoffs` [c1, c2, …] the parts are t < c1, c1 <= t < c2, …, t >= last;
 * with `fractions` the cutoffs are the time quantiles that give those shares
 * (ties at a cutoff go to the later part). Earlier rows always land in earlier
 * parts, so no future row trains a model tested on the past. Rows with a null
 * time are left out and counted.
 * @example
 * const { splits } = await timeSplit(engine, ds, { column: "ts", names: ["train", "test"], cutoffs: ["2024-06-01"] });
 * @example
 * const { splits, report } = await timeSplit(engine, ds, { column: "ts", fractions: { train: 0.8, test: 0.2 } });
 * report.cutoffs; // ["2024-09-14 00:00:00"]
 */
export async function timeSplit(
  engine: DataEngine,
  dataset: Dataset,
  options: { column: string } & ({ names: string[]; cutoffs: (string | number)[] } | { fractions: Record<string, number> }),
): Promise<{ splits: Splits; report: SplitReport }> {
  const [column] = requireColumns(dataset, [options.column]);
  const col = quoteIdent(column!.name);
  let names: string[];
  let cutoffs: string[];
  if ("fractions" in options) {
    names = Object.keys(options.fractions);
    const cumulative = cumulativeFractions(options.fractions).slice(0, -1);
    const quantiles = cumulative.length > 0
      ? (await engine.query(`SELECT ${cumulative.map((q, i) => `CAST(quantile_disc(${col}, ${q}) AS VARCHAR) AS q${i}`).join(", ")} FROM ${dataset.table}`))[0]!
      : {};
    cutoffs = cumulative.map((_, i) => String(quantiles[`q${i}`]));
  } else {
    names = options.names;
    cutoffs = options.cutoffs.map(String);
    if (names.length !== cutoffs.length + 1) throw new DataError("invalid_argument", `${names.length} names need ${names.length - 1} cutoffs, got ${cutoffs.length}`);
  }
  const bound = (c: string) => `CAST(${quoteLiteral(c)} AS ${column!.type})`;
  const splits: Splits = {};
  for (const [i, name] of names.entries()) {
    const conds = [`${col} IS NOT NULL`];
    if (i > 0) conds.push(`${col} >= ${bound(cutoffs[i - 1]!)}`);
    if (i < cutoffs.length) conds.push(`${col} < ${bound(cutoffs[i]!)}`);
    splits[name] = await engine.materialize(`SELECT * FROM ${dataset.table} WHERE ${conds.join(" AND ")}`);
  }
  const [{ n }] = (await engine.query(`SELECT count(*) - count(${col}) AS n FROM ${dataset.table}`)) as [{ n: number }];
  return { splits, report: { kind: "time", seed: null, counts: countsOf(splits), cutoffs, nullTimeRows: n } };
}

export interface LeakageReport {
  ok: boolean;
  keys: string[];
  /** Every pair of parts that share key values, with how many and a sample. */
  overlaps: { a: string; b: string; sharedKeys: number; samples: Row[] }[];
}

/**
 * Finds key values that appear in more than one part (e.g. the same customer
 * in train and test). Null keys are ignored.
 * @example
 * const leak = await checkLeakage(engine, splits, { keys: ["customer_id"] });
 * leak.overlaps; // [{ a: "train", b: "test", sharedKeys: 3, samples: [{ customer_id: 17 }, …] }]
 */
export async function checkLeakage(
  engine: DataEngine, splits: Splits, options: { keys: string[]; sampleSize?: number },
): Promise<LeakageReport> {
  if (options.keys.length === 0) throw new DataError("invalid_argument", "checkLeakage needs at least one key column");
  const names = Object.keys(splits);
  for (const name of names) requireColumns(splits[name]!, options.keys);
  const keys = options.keys.map(quoteIdent).join(", ");
  const notNull = options.keys.map((k) => `${quoteIdent(k)} IS NOT NULL`).join(" AND ");
  const overlaps: LeakageReport["overlaps"] = [];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const shared = `SELECT ${keys} FROM ${splits[names[i]!]!.table} WHERE ${notNull} INTERSECT SELECT ${keys} FROM ${splits[names[j]!]!.table} WHERE ${notNull}`;
      const [{ n }] = (await engine.query(`SELECT count(*) AS n FROM (${shared})`)) as [{ n: number }];
      if (n === 0) continue;
      const samples = await engine.query(`SELECT * FROM (${shared}) ORDER BY ALL LIMIT ${Math.trunc(options.sampleSize ?? 5)}`);
      overlaps.push({ a: names[i]!, b: names[j]!, sharedKeys: n, samples });
    }
  }
  return { ok: overlaps.length === 0, keys: options.keys, overlaps };
}

/**
 * checkLeakage that throws a `leakage` DataError naming the parts and keys.
 * @example
 * await expectNoLeakage(engine, { train, test }, { keys: ["user_id"] });
 */
export async function expectNoLeakage(engine: DataEngine, splits: Splits, options: { keys: string[] }): Promise<LeakageReport> {
  const report = await checkLeakage(engine, splits, options);
  const error = leakageError(report);
  if (error) throw error;
  return report;
}

/**
 * The `leakage` error `expectNoLeakage` throws for a report, or null when no key is shared.
 * @example
 * const error = leakageError(await checkLeakage(engine, { train, test }, { keys: ["user_id"] }));
 */
export function leakageError(report: LeakageReport): DataError | null {
  if (report.ok) return null;
  const listed = report.overlaps.map((o) => `${o.a}/${o.b}: ${o.sharedKeys} shared`).join("; ");
  return new DataError("leakage", `key(s) ${report.keys.join(", ")} appear on both sides: ${listed}`, {
    keys: report.keys, overlaps: report.overlaps.map((o) => ({ a: o.a, b: o.b, sharedKeys: o.sharedKeys })),
  });
}

async function splitByRank(
  engine: DataEngine, dataset: Dataset, fractions: Record<string, number>, seed: number, stratum: string | null,
): Promise<Splits> {
  if (!Number.isSafeInteger(seed)) throw new DataError("invalid_argument", `the seed must be an integer, got ${seed}`);
  const cumulative = cumulativeFractions(fractions);
  const partition = stratum ? `PARTITION BY ${quoteIdent(stratum)}` : "";
  const ranked = `SELECT *, row_number() OVER (${partition} ORDER BY hash(__row, ${seed}::BIGINT), __row) - 1 AS __rank,
                         count(*) OVER (${partition}) AS __n
                  FROM (SELECT rowid AS __row, * FROM ${dataset.table})`;
  const splits: Splits = {};
  for (const [i, name] of Object.keys(fractions).entries()) {
    const lo = i === 0 ? "0" : `round(__n * ${cumulative[i - 1]})`;
    const hi = `round(__n * ${cumulative[i]})`;
    splits[name] = await engine.materialize(`SELECT * EXCLUDE (__row, __rank, __n) FROM (${ranked}) WHERE __rank >= ${lo} AND __rank < ${hi} ORDER BY __row`);
  }
  return splits;
}

/** Running totals of the fractions, the last forced to exactly 1 (so no row falls off the end). */
function cumulativeFractions(fractions: Record<string, number>): number[] {
  const values = Object.values(fractions);
  const total = values.reduce((a, b) => a + b, 0);
  if (values.length === 0 || values.some((f) => !(f >= 0)) || Math.abs(total - 1) > 1e-9) {
    throw new DataError("invalid_argument", `fractions must be non-negative and sum to 1, got ${JSON.stringify(fractions)}`);
  }
  let run = 0;
  return values.map((f, i) => (i === values.length - 1 ? 1 : (run += f)));
}

function countsOf(splits: Splits): Record<string, number> {
  return Object.fromEntries(Object.entries(splits).map(([name, ds]) => [name, ds.rowCount]));
}
