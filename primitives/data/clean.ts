import type { DataEngine, Row } from "./engine";
import type { Dataset } from "./dataset";
import { numericColumns, requireColumns, requireNumericColumns, selectReplacing } from "./columns";
import { DataError } from "./errors";
import { doubleLiteral, quoteIdent, toSqlLiteral } from "./sql";

export interface DropNullsReport { kept: number; dropped: number; columns: string[]; how: "any" | "all" }

/**
 * Drops rows with nulls in the given columns (all columns by default):
 * `how: "any"` drops a row with any null there, `"all"` only a row null in all of them.
 * @example
 * const { dataset, report } = await dropNulls(engine, ds, { columns: ["age", "email"] });
 * report.dropped; // 2
 */
export async function dropNulls(
  engine: DataEngine, dataset: Dataset, options: { columns?: string[]; how?: "any" | "all" } = {},
): Promise<{ dataset: Dataset; report: DropNullsReport }> {
  const columns = requireColumns(dataset, options.columns ?? dataset.columns.map((c) => c.name)).map((c) => c.name);
  const how = options.how ?? "any";
  const tests = columns.map((c) => `${quoteIdent(c)} IS NULL`);
  const dropIf = tests.length === 0 ? "FALSE" : tests.join(how === "any" ? " OR " : " AND ");
  const out = await engine.materialize(`SELECT * FROM ${dataset.table} WHERE NOT (${dropIf})`);
  return { dataset: out, report: { kept: out.rowCount, dropped: dataset.rowCount - out.rowCount, columns, how } };
}

export type FillSpec = string | number | boolean | { strategy: "mean" | "median" | "mode" } | { value: string | number | boolean };

export interface FillNullsReport {
  /** Per column: how many nulls were filled and with what value (computed values included). */
  columns: Record<string, { filled: number; value: string | number | boolean | null }>;
}

/**
 * Fills nulls per column with a constant or a statistic of the column
 * (mean, median, mode), reporting how many were filled and with what.
 * @example
 * const { dataset, report } = await fillNulls(engine, ds, { age: { strategy: "median" }, country: "unknown" });
 * report.columns.age; // { filled: 1, value: 34 }
 */
export async function fillNulls(
  engine: DataEngine, dataset: Dataset, fills: Record<string, FillSpec>,
): Promise<{ dataset: Dataset; report: FillNullsReport }> {
  const columns = requireColumns(dataset, Object.keys(fills));
  const replacements = new Map<string, string>();
  const report: FillNullsReport = { columns: {} };
  for (const column of columns) {
    const spec = fills[column.name]!;
    const col = quoteIdent(column.name);
    let value: string | number | boolean | null;
    if (typeof spec === "object" && "strategy" in spec) {
      if (spec.strategy !== "mode") requireNumericColumns(dataset, [column.name]);
      const agg = spec.strategy === "mean" ? `avg(${col})` : spec.strategy === "median" ? `quantile_cont(${col}, 0.5)` : `mode(${col})`;
      const [row] = await engine.query(`SELECT ${agg} AS v FROM ${dataset.table}`);
      value = row!.v as string | number | boolean | null;
    } else {
      value = typeof spec === "object" ? spec.value : spec;
    }
    const [counted] = await engine.query(`SELECT count(*) - count(${col}) AS n FROM ${dataset.table}`);
    report.columns[column.name] = { filled: value === null ? 0 : Number(counted!.n), value };
    // The fill keeps the column's type; a mean of an integer column is rounded by the cast.
    if (value !== null) replacements.set(column.name, `coalesce(${col}, CAST(${toSqlLiteral(value)} AS ${column.type}))`);
  }
  const out = await engine.materialize(`SELECT ${selectReplacing(dataset, replacements)} FROM ${dataset.table}`);
  return { dataset: out, report };
}

export interface TrimReport { columns: Record<string, { changed: number; emptied: number }> }

/**
 * Trims surrounding whitespace in text columns (all text columns by default);
 * with `emptyAsNull`, values left empty become null.
 * @example
 * const { dataset, report } = await trim(engine, ds, { emptyAsNull: true });
 * report.columns.name; // { changed: 3, emptied: 1 }
 */
export async function trim(
  engine: DataEngine, dataset: Dataset, options: { columns?: string[]; emptyAsNull?: boolean } = {},
): Promise<{ dataset: Dataset; report: TrimReport }> {
  const columns = options.columns ? requireColumns(dataset, options.columns) : dataset.columns.filter((c) => c.kind === "string");
  const notText = columns.filter((c) => c.kind !== "string");
  if (notText.length > 0) throw new DataError("schema_mismatch", `not text: ${notText.map((c) => c.name).join(", ")}`, { columns: notText.map((c) => c.name) });
  const replacements = new Map<string, string>();
  const counts: string[] = [];
  columns.forEach((c, i) => {
    const col = quoteIdent(c.name);
    replacements.set(c.name, options.emptyAsNull ? `nullif(trim(${col}), '')` : `trim(${col})`);
    counts.push(`count(*) FILTER (WHERE trim(${col}) <> ${col}) AS c${i}`, `count(*) FILTER (WHERE trim(${col}) = '') AS e${i}`);
  });
  const [row] = counts.length > 0 ? await engine.query(`SELECT ${counts.join(", ")} FROM ${dataset.table}`) : [{}];
  const report: TrimReport = { columns: {} };
  columns.forEach((c, i) => {
    report.columns[c.name] = { changed: Number((row as Row)[`c${i}`]), emptied: options.emptyAsNull ? Number((row as Row)[`e${i}`]) : 0 };
  });
  const out = await engine.materialize(`SELECT ${selectReplacing(dataset, replacements)} FROM ${dataset.table}`);
  return { dataset: out, report };
}

export type CoerceTarget = "integer" | "number" | "string" | "boolean" | "date" | "timestamp";

const TARGET_TYPES: Record<CoerceTarget, string> = {
  integer: "BIGINT", number: "DOUBLE", string: "VARCHAR", boolean: "BOOLEAN", date: "DATE", timestamp: "TIMESTAMP",
};

export interface CoerceReport {
  /** Per column: the new type, how many non-null values failed to convert (now null), and samples of them. */
  columns: Record<string, { to: string; converted: number; failed: number; samples: { __row: number; value: unknown }[] }>;
}

/**
 * Converts columns to another type. Values that do not convert become null
 * and are counted, with samples; `strict: true` fails instead (listing the
 * columns) and makes nothing. Integers only accept whole numbers ("2.5" fails
 * rather than rounding).
 * @example
 * const { dataset, report } = await coerce(engine, ds, { price: "number", sold_on: "date" });
 * report.columns.price; // { to: "DOUBLE", converted: 998, failed: 2, samples: [{ __row: 17, value: "n/a" }, …] }
 */
export async function coerce(
  engine: DataEngine, dataset: Dataset, targets: Record<string, CoerceTarget>, options: { strict?: boolean; sampleSize?: number } = {},
): Promise<{ dataset: Dataset; report: CoerceReport }> {
  const columns = requireColumns(dataset, Object.keys(targets));
  const sampleSize = Math.trunc(options.sampleSize ?? 5);
  const replacements = new Map<string, string>();
  const report: CoerceReport = { columns: {} };
  for (const column of columns) {
    const to = TARGET_TYPES[targets[column.name]!];
    if (!to) throw new DataError("invalid_argument", `cannot coerce ${column.name} to ${targets[column.name]}`);
    const col = quoteIdent(column.name);
    const converted = targets[column.name] === "integer" && column.kind !== "integer"
      ? `CASE WHEN try_cast(${col} AS DOUBLE) = trunc(try_cast(${col} AS DOUBLE)) THEN try_cast(try_cast(${col} AS DOUBLE) AS BIGINT) END`
      : `try_cast(${col} AS ${to})`;
    replacements.set(column.name, converted);
    const failedIf = `${col} IS NOT NULL AND (${converted}) IS NULL`;
    const [row] = await engine.query(`SELECT count(*) FILTER (WHERE ${failedIf}) AS f, count(${col}) AS n FROM ${dataset.table}`);
    const failed = Number(row!.f);
    const samples = failed > 0 && sampleSize > 0
      ? (await engine.query(`SELECT rowid AS __row, ${col} AS value FROM ${dataset.table} WHERE ${failedIf} ORDER BY rowid LIMIT ${sampleSize}`))
          .map((r) => ({ __row: Number(r.__row), value: r.value }))
      : [];
    report.columns[column.name] = { to, converted: Number(row!.n) - failed, failed, samples };
  }
  const failing = Object.entries(report.columns).filter(([, r]) => r.failed > 0);
  if (options.strict && failing.length > 0) {
    throw new DataError("schema_mismatch", `values failed to convert in ${failing.map(([n, r]) => `${n} (${r.failed})`).join(", ")}`, {
      columns: failing.map(([n]) => n),
    });
  }
  const out = await engine.materialize(`SELECT ${selectReplacing(dataset, replacements)} FROM ${dataset.table}`);
  return { dataset: out, report };
}

export interface NormalizeReport {
  method: "minmax" | "zscore";
  /** The fitted parameters per column, so the same scaling can be applied to other data. */
  columns: Record<string, { min?: number; max?: number; mean?: number; std?: number }>;
}

/**
 * Rescales numeric columns (all by default) to [0, 1] (`minmax`) or to mean 0
 * and sample standard deviation 1 (`zscore`); the result columns are DOUBLE.
 * A constant column maps to 0. The report gives the fitted parameters.
 * @example
 * const { dataset, report } = await normalize(engine, ds, { method: "zscore", columns: ["age"] });
 * report.columns.age; // { mean: 35.1, std: 12.4 }
 */
export async function normalize(
  engine: DataEngine, dataset: Dataset, options: { method: "minmax" | "zscore"; columns?: string[] },
): Promise<{ dataset: Dataset; report: NormalizeReport }> {
  const columns = options.columns ? requireNumericColumns(dataset, options.columns) : numericColumns(dataset);
  const aggs = columns.flatMap((c, i) => {
    const col = `CAST(${quoteIdent(c.name)} AS DOUBLE)`;
    return [`min(${col}) AS lo${i}`, `max(${col}) AS hi${i}`, `avg(${col}) AS mu${i}`, `stddev_samp(${col}) AS sd${i}`];
  });
  const [row] = aggs.length > 0 ? await engine.query(`SELECT ${aggs.join(", ")} FROM ${dataset.table}`) : [{}];
  const replacements = new Map<string, string>();
  const report: NormalizeReport = { method: options.method, columns: {} };
  columns.forEach((c, i) => {
    const stat = (k: string) => ((row as Row)[`${k}${i}`] as number | null) ?? 0;
    const col = `CAST(${quoteIdent(c.name)} AS DOUBLE)`;
    if (options.method === "minmax") {
      const [min, max] = [stat("lo"), stat("hi")];
      report.columns[c.name] = { min, max };
      replacements.set(c.name, max === min ? `(${col} * 0.0)` : `(${col} - ${doubleLiteral(min)}) / ${doubleLiteral(max - min)}`);
    } else {
      const [mean, std] = [stat("mu"), stat("sd")];
      report.columns[c.name] = { mean, std };
      replacements.set(c.name, std === 0 ? `(${col} * 0.0)` : `(${col} - ${doubleLiteral(mean)}) / ${doubleLiteral(std)}`);
    }
  });
  const out = await engine.materialize(`SELECT ${selectReplacing(dataset, replacements)} FROM ${dataset.table}`);
  return { dataset: out, report };
}
