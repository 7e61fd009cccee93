import { requireColumns, selectReplacing } from "../data/columns";
import type { ColumnSchema, Dataset } from "../data/dataset";
import type { DataEngine } from "../data/engine";
import { doubleLiteral, isNumericType, quoteIdent, quoteLiteral } from "../data/sql";
import { EvaluateError } from "./errors";

/**
 * Seeded changes to feature columns for stress and robustness tests, done
 * in the engine. Randomness comes from hashing (row position, seed,
 * column), so the same dataset and seed always change the same rows, on
 * any number of threads. Each returns a new Dataset; changed numeric
 * columns become DOUBLE.
 */

export interface PerturbationReport {
  seed: number;
  /** Values changed per column. */
  changed: Record<string, number>;
}

/** A uniform draw in [0, 1) for a row, seed and column (53 bits of DuckDB's hash). */
function uniform(seed: number, column: string, salt: string): string {
  return `((hash(rowid, ${seed}::BIGINT, ${quoteLiteral(`${column}:${salt}`)}) >> 11)::DOUBLE / 9007199254740992.0)`;
}

function checkSeed(seed: unknown): number {
  if (typeof seed !== "number" || !Number.isSafeInteger(seed)) throw new EvaluateError("invalid_argument", `seed must be an integer, got ${String(seed)}`, { argument: "seed" });
  return seed;
}

function checkRate(rate: unknown): number {
  if (typeof rate !== "number" || !(rate >= 0 && rate <= 1)) throw new EvaluateError("invalid_argument", `rate must be a number in [0, 1], got ${String(rate)}`, { argument: "rate" });
  return rate;
}

function chooseColumns(dataset: Dataset, names: unknown): ColumnSchema[] {
  if (!Array.isArray(names) || names.length === 0) throw new EvaluateError("invalid_argument", "name at least one column to change", { argument: "columns" });
  return requireColumns(dataset, names as string[]);
}

function requireNumeric(columns: ColumnSchema[], what: string): void {
  const wrong = columns.filter((c) => !isNumericType(c.type));
  if (wrong.length > 0) {
    throw new EvaluateError("schema_mismatch", `${what} needs numeric features; not numeric: ${wrong.map((c) => `${c.name} (${c.type})`).join(", ")}`, { columns: wrong.map((c) => c.name) });
  }
}

/**
 * Sets a seeded share of each column's values to NULL.
 * @example
 * const { dataset, report } = await injectMissing(engine, ds, { columns: ["age", "city"], rate: 0.1, seed: 7 });
 * report.changed; // { age: 98, city: 103 }
 */
export async function injectMissing(engine: DataEngine, dataset: Dataset, options: { columns: string[]; rate: number; seed: number }): Promise<{ dataset: Dataset; report: PerturbationReport }> {
  const seed = checkSeed(options.seed);
  const rate = checkRate(options.rate);
  const columns = chooseColumns(dataset, options.columns);
  const hit = (c: ColumnSchema) => `(${uniform(seed, c.name, "missing")} < ${doubleLiteral(rate)} AND ${quoteIdent(c.name)} IS NOT NULL)`;
  const replacements = new Map(columns.map((c) => [c.name, `CASE WHEN ${hit(c)} THEN NULL ELSE ${quoteIdent(c.name)} END`]));
  return apply(engine, dataset, seed, replacements, columns.map((c) => [c.name, hit(c)]));
}

/**
 * Replaces a seeded share of each column's values with values outside the
 * range seen: numbers go below the minimum or above the maximum by
 * `magnitude` × the range (half each way); text takes `unseenValue`.
 * @example
 * const { dataset } = await injectOutOfRange(engine, ds, { columns: ["age"], rate: 0.05, seed: 1 });
 */
export async function injectOutOfRange(
  engine: DataEngine, dataset: Dataset, options: { columns: string[]; rate: number; seed: number; magnitude?: number; unseenValue?: string },
): Promise<{ dataset: Dataset; report: PerturbationReport }> {
  const seed = checkSeed(options.seed);
  const rate = checkRate(options.rate);
  const magnitude = options.magnitude ?? 1;
  if (!(magnitude > 0) || !Number.isFinite(magnitude)) throw new EvaluateError("invalid_argument", `magnitude must be a positive number, got ${String(magnitude)}`, { argument: "magnitude" });
  const columns = chooseColumns(dataset, options.columns);
  const wrong = columns.filter((c) => !isNumericType(c.type) && c.type !== "VARCHAR");
  if (wrong.length > 0) {
    throw new EvaluateError("schema_mismatch", `out-of-range values need numeric or text columns; not supported: ${wrong.map((c) => `${c.name} (${c.type})`).join(", ")}`, { columns: wrong.map((c) => c.name) });
  }
  const numeric = columns.filter((c) => isNumericType(c.type));
  const [range] = numeric.length
    ? await engine.query(`SELECT ${numeric.map((c, i) => `min(CAST(${quoteIdent(c.name)} AS DOUBLE)) AS lo${i}, max(CAST(${quoteIdent(c.name)} AS DOUBLE)) AS hi${i}`).join(", ")} FROM ${dataset.table}`)
    : [{}];
  const hit = (c: ColumnSchema) => `(${uniform(seed, c.name, "range")} < ${doubleLiteral(rate)} AND ${quoteIdent(c.name)} IS NOT NULL)`;
  const replacements = new Map<string, string>();
  for (const c of columns) {
    const col = quoteIdent(c.name);
    if (c.type === "VARCHAR") {
      replacements.set(c.name, `CASE WHEN ${hit(c)} THEN ${quoteLiteral(options.unseenValue ?? "__unseen__")} ELSE ${col} END`);
      continue;
    }
    const i = numeric.indexOf(c);
    const lo = range![`lo${i}`] as number | null;
    const hi = range![`hi${i}`] as number | null;
    if (lo === null || hi === null) {
      replacements.set(c.name, `CAST(${col} AS DOUBLE)`);
      continue;
    }
    const span = hi > lo ? hi - lo : Math.max(Math.abs(hi), 1);
    const above = doubleLiteral(hi + magnitude * span);
    const below = doubleLiteral(lo - magnitude * span);
    const side = `${uniform(seed, c.name, "side")} < 0.5`;
    replacements.set(c.name, `CASE WHEN ${hit(c)} THEN (CASE WHEN ${side} THEN ${below} ELSE ${above} END) ELSE CAST(${col} AS DOUBLE) END`);
  }
  return apply(engine, dataset, seed, replacements, columns.map((c) => [c.name, hit(c)]));
}

/**
 * Adds seeded Gaussian noise to numeric columns: x + scale · sd(x) · z
 * (z standard normal by Box–Muller). Missing values stay missing;
 * non-numeric columns are refused.
 * @example
 * const { dataset } = await perturbNumeric(engine, ds, { columns: ["age", "income"], scale: 0.01, seed: 3 });
 */
export async function perturbNumeric(engine: DataEngine, dataset: Dataset, options: { columns: string[]; scale?: number; seed: number }): Promise<{ dataset: Dataset; report: PerturbationReport }> {
  const seed = checkSeed(options.seed);
  const scale = options.scale ?? 0.01;
  if (!(scale >= 0) || !Number.isFinite(scale)) throw new EvaluateError("invalid_argument", `scale must be a non-negative number, got ${String(scale)}`, { argument: "scale" });
  const columns = chooseColumns(dataset, options.columns);
  requireNumeric(columns, "perturbation");
  const [sd] = await engine.query(`SELECT ${columns.map((c, i) => `coalesce(stddev_samp(CAST(${quoteIdent(c.name)} AS DOUBLE)), 0) AS s${i}`).join(", ") || "1"} FROM ${dataset.table}`);
  const replacements = new Map(columns.map((c, i) => {
    const z = `(sqrt(-2 * ln(1 - ${uniform(seed, c.name, "u1")})) * cos(2 * pi() * ${uniform(seed, c.name, "u2")}))`;
    return [c.name, `CAST(${quoteIdent(c.name)} AS DOUBLE) + ${doubleLiteral(scale * Number(sd![`s${i}`]))} * ${z}`];
  }));
  return apply(engine, dataset, seed, replacements, columns.map((c) => [c.name, `${quoteIdent(c.name)} IS NOT NULL AND ${doubleLiteral(scale)} > 0`]));
}

async function apply(engine: DataEngine, dataset: Dataset, seed: number, replacements: Map<string, string>, counted: [string, string][]): Promise<{ dataset: Dataset; report: PerturbationReport }> {
  const [counts] = await engine.query(`SELECT ${counted.map(([, cond], i) => `count(*) FILTER (WHERE ${cond}) AS n${i}`).join(", ")} FROM ${dataset.table}`);
  const out = await engine.materialize(`SELECT ${selectReplacing(dataset, replacements)} FROM ${dataset.table} ORDER BY rowid`);
  return { dataset: out, report: { seed, changed: Object.fromEntries(counted.map(([name], i) => [name, Number(counts![`n${i}`])])) } };
}
