import type { DataEngine, Row } from "./engine";
import type { Dataset } from "./dataset";
import { numericColumns, requireNumericColumns } from "./columns";
import { doubleLiteral, quoteIdent, quoteLiteral } from "./sql";

export type AnomalyMethod = "iqr" | "zscore" | "mad";

/** Default thresholds: Tukey's 1.5 IQR fences, |z| > 3, and Iglewicz–Hoaglin's modified z > 3.5. */
export const DEFAULT_THRESHOLDS: Record<AnomalyMethod, number> = { iqr: 1.5, zscore: 3, mad: 3.5 };

export interface ColumnAnomalies {
  flagged: number;
  /** The fitted statistics the rule used, and the bounds it implies. */
  params: Record<string, number | null>;
  lower: number | null;
  upper: number | null;
}

export interface AnomalyReport {
  method: AnomalyMethod;
  threshold: number;
  /** Rows flagged in at least one column. */
  flaggedRows: number;
  columns: Record<string, ColumnAnomalies>;
  /** Up to `sampleSize` flagged rows with `__row` and `__reasons`. */
  samples: Row[];
}

/**
 * Flags outliers per numeric column (all numeric columns by default):
 * - `iqr`: outside [Q1 − k·IQR, Q3 + k·IQR] (quartiles interpolated like pandas), k = threshold;
 * - `zscore`: |x − mean| / std > threshold (sample std);
 * - `mad`: 0.6745·|x − median| / MAD > threshold (MAD = median absolute deviation).
 * Returns a Dataset of the flagged rows (original columns, `__row`, and
 * `__reasons`: one sentence per offending column) and a report.
 * @example
 * const { dataset, report } = await detectAnomalies(engine, ds, { method: "iqr", columns: ["price"] });
 * report.samples[0]; // { __row: 12, price: 9999, __reasons: ["price=9999 above 212.5 (iqr, k=1.5)"] }
 */
export async function detectAnomalies(
  engine: DataEngine,
  dataset: Dataset,
  options: { method: AnomalyMethod; columns?: string[]; threshold?: number; sampleSize?: number },
): Promise<{ dataset: Dataset; report: AnomalyReport }> {
  const columns = options.columns ? requireNumericColumns(dataset, options.columns) : numericColumns(dataset);
  const threshold = options.threshold ?? DEFAULT_THRESHOLDS[options.method];
  const report: AnomalyReport = { method: options.method, threshold, flaggedRows: 0, columns: {}, samples: [] };
  const reasons: string[] = [];
  for (const column of columns) {
    const col = `CAST(${quoteIdent(column.name)} AS DOUBLE)`;
    const fitted = await fitColumn(engine, dataset, col, options.method);
    const { lower, upper, params } = boundsFor(options.method, fitted, threshold);
    const label = `${options.method}, ${options.method === "iqr" ? "k" : "threshold"}=${threshold}`;
    const name = quoteLiteral(column.name);
    const text = `CAST(${quoteIdent(column.name)} AS VARCHAR)`;
    const parts: string[] = [];
    if (lower !== null) parts.push(`WHEN ${col} < ${doubleLiteral(lower)} THEN ${name} || '=' || ${text} || ' below ' || ${quoteLiteral(fmt(lower))} || ' (${label})'`);
    if (upper !== null) parts.push(`WHEN ${col} > ${doubleLiteral(upper)} THEN ${name} || '=' || ${text} || ' above ' || ${quoteLiteral(fmt(upper))} || ' (${label})'`);
    reasons.push(parts.length > 0 ? `CASE ${parts.join(" ")} END` : "NULL");
    report.columns[column.name] = { flagged: 0, params, lower, upper };
  }
  const reasonList = reasons.length > 0 ? `list_filter([${reasons.join(", ")}], r -> r IS NOT NULL)` : "CAST([] AS VARCHAR[])";
  const flaggedSql = `SELECT * FROM (SELECT rowid AS __row, *, ${reasonList} AS __reasons FROM ${dataset.table}) WHERE len(__reasons) > 0 ORDER BY __row`;
  const flagged = await engine.materialize(flaggedSql);
  report.flaggedRows = flagged.rowCount;
  if (columns.length > 0) {
    const counts = columns.map((c, i) => `count(*) FILTER (WHERE list_contains(list_transform(__reasons, r -> starts_with(r, ${quoteLiteral(`${c.name}=`)})), TRUE)) AS c${i}`);
    const [row] = await engine.query(`SELECT ${counts.join(", ")} FROM ${flagged.table}`);
    columns.forEach((c, i) => { report.columns[c.name]!.flagged = Number(row![`c${i}`]); });
  }
  const sampleSize = Math.trunc(options.sampleSize ?? 10);
  report.samples = sampleSize > 0 ? await engine.query(`SELECT * FROM ${flagged.table} ORDER BY rowid LIMIT ${sampleSize}`) : [];
  return { dataset: flagged, report };
}

interface Fitted { q1: number | null; median: number | null; q3: number | null; mean: number | null; std: number | null; mad: number | null }

async function fitColumn(engine: DataEngine, dataset: Dataset, col: string, method: AnomalyMethod): Promise<Fitted> {
  const [row] = await engine.query(
    `SELECT quantile_cont(${col}, 0.25) AS q1, quantile_cont(${col}, 0.5) AS median, quantile_cont(${col}, 0.75) AS q3,
            avg(${col}) AS mean, stddev_samp(${col}) AS std FROM ${dataset.table}`,
  );
  const fitted = { ...(row as Omit<Fitted, "mad">), mad: null as number | null };
  if (method === "mad" && fitted.median !== null) {
    const [m] = await engine.query(`SELECT quantile_cont(abs(${col} - ${doubleLiteral(fitted.median)}), 0.5) AS mad FROM ${dataset.table}`);
    fitted.mad = m!.mad as number | null;
  }
  return fitted;
}

function boundsFor(method: AnomalyMethod, f: Fitted, k: number): { lower: number | null; upper: number | null; params: Record<string, number | null> } {
  if (method === "iqr") {
    if (f.q1 === null || f.q3 === null) return { lower: null, upper: null, params: { q1: f.q1, q3: f.q3, iqr: null } };
    const iqr = f.q3 - f.q1;
    return { lower: f.q1 - k * iqr, upper: f.q3 + k * iqr, params: { q1: f.q1, q3: f.q3, iqr } };
  }
  if (method === "zscore") {
    // A constant (or single-value) column has no outliers by this rule.
    if (f.mean === null || !f.std) return { lower: null, upper: null, params: { mean: f.mean, std: f.std } };
    return { lower: f.mean - k * f.std, upper: f.mean + k * f.std, params: { mean: f.mean, std: f.std } };
  }
  if (f.median === null || !f.mad) return { lower: null, upper: null, params: { median: f.median, mad: f.mad } };
  const half = (k * f.mad) / 0.6745;
  return { lower: f.median - half, upper: f.median + half, params: { median: f.median, mad: f.mad } };
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(6)));
}
