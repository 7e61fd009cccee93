import type { DataEngine, Row } from "./engine";
import type { ColumnKind, ColumnSchema, Dataset, DatasetId } from "./dataset";
import { requireColumns } from "./columns";
import { doubleLiteral, isNumericType, isTemporalType, quoteIdent } from "./sql";

export interface HistogramBin { start: number | string; end: number | string; count: number }

export type Histogram =
  | { kind: "bins"; bins: HistogramBin[] }
  | { kind: "values"; values: { value: string; count: number }[]; otherCount: number };

export interface ColumnProfile {
  name: string;
  type: string;
  kind: ColumnKind;
  /** Non-null values. */
  count: number;
  nulls: number;
  /** Distinct non-null values; null when not computed (`distinct: "none"`). */
  distinct: number | null;
  min: number | string | boolean | null;
  max: number | string | boolean | null;
  /** Numeric columns only (null elsewhere). */
  mean: number | null;
  std: number | null;
  /** 25th, 50th and 75th percentiles (linear interpolation, as pandas); numeric columns only. */
  quantiles: { p25: number; p50: number; p75: number } | null;
  histogram: Histogram | null;
}

export interface DatasetProfile {
  datasetId: DatasetId;
  rowCount: number;
  /** How quantiles and distinct counts were computed (approximate by default past AUTO_EXACT_ROWS). */
  methods: { quantiles: "exact" | "approximate"; distinct: "exact" | "approximate" | "none" };
  columns: ColumnProfile[];
}

/** Up to this many rows, quantiles and distinct counts are exact unless asked otherwise. */
export const AUTO_EXACT_ROWS = 200_000;

export interface ProfileOptions {
  /** Equal-width bins for numeric and time columns. Default 20. */
  bins?: number;
  /** Most frequent values kept for text and boolean columns. Default 10. */
  topValues?: number;
  /**
   * Exact quantiles sort every value; approximate ones come from a reservoir
   * sample of 8192 values (rank error about 0.5%). Default: exact up to AUTO_EXACT_ROWS rows.
   */
  quantiles?: "exact" | "approximate";
  /**
   * Exact (hash set), approximate (HyperLogLog) or skipped. Default: exact up
   * to AUTO_EXACT_ROWS rows. Text and boolean columns with histograms are
   * always exact (their top values count every distinct value).
   */
  distinct?: "exact" | "approximate" | "none";
  /** Histograms and top values. Default true. */
  histograms?: boolean;
  /** Profile only these columns (default: all). */
  columns?: string[];
}

/**
 * Per-column statistics and histograms as plain JSON: count, nulls, distinct,
 * min, max, mean, std (sample), quartiles, and equal-width bins (numbers,
 * dates) or the most frequent values (text, booleans). All statistics come
 * from one scan; binned histograms from one more, and each text or boolean
 * column's top values (and its exact distinct count) from a grouping.
 * @example
 * const p = await profile(engine, ds);
 * display.table(profileTable(p));
 * display.chart(histogramSpec(p.columns[0]));
 */
export async function profile(engine: DataEngine, dataset: Dataset, options: ProfileOptions = {}): Promise<DatasetProfile> {
  const bins = Math.max(1, Math.trunc(options.bins ?? 20));
  const small = dataset.rowCount <= AUTO_EXACT_ROWS;
  const methods: DatasetProfile["methods"] = {
    quantiles: options.quantiles ?? (small ? "exact" : "approximate"),
    distinct: options.distinct ?? (small ? "exact" : "approximate"),
  };
  const chosen = options.columns ? requireColumns(dataset, options.columns) : [...dataset.columns];
  // Text and boolean columns' top values group by value anyway: the number of
  // groups is their exact distinct count, so the stats scan skips theirs.
  const distinctFromTop = (c: ColumnSchema) => options.histograms !== false && hasTopValues(c);
  const aggregates = chosen.flatMap((c, i) => statsSql(c, i, distinctFromTop(c) ? { ...methods, distinct: "none" } : methods));
  const [stats] = await engine.query(`SELECT ${aggregates.join(", ")} FROM ${dataset.table}`);
  const columns: ColumnProfile[] = chosen.map((c, i) => {
    const s = (k: string) => stats![`${k}${i}`];
    const numeric = isNumericType(c.type);
    const q = numeric ? (s("q") as number[] | null) : null;
    return {
      name: c.name, type: c.type, kind: c.kind,
      count: Number(s("n")), nulls: dataset.rowCount - Number(s("n")),
      distinct: methods.distinct === "none" ? null : distinctFromTop(c) ? 0 : Number(s("d")),
      min: scalar(s("lo")), max: scalar(s("hi")),
      mean: numeric ? (s("mu") as number | null) : null, std: numeric ? (s("sd") as number | null) : null,
      quantiles: q ? { p25: q[0]!, p50: q[1]!, p75: q[2]! } : null,
      histogram: null,
    };
  });
  if (options.histograms === false) return { datasetId: dataset.id, rowCount: dataset.rowCount, methods, columns };
  await addBinnedHistograms(engine, dataset, columns, stats!, bins);
  for (const column of columns) {
    if (column.histogram === null && hasTopValues(column) && column.count > 0) {
      const { histogram, distinct } = await topValues(engine, dataset, column, Math.max(1, Math.trunc(options.topValues ?? 10)));
      column.histogram = histogram;
      if (column.distinct !== null) column.distinct = distinct;
    }
  }
  return { datasetId: dataset.id, rowCount: dataset.rowCount, methods, columns };
}

/**
 * The profile as table rows for `display.table` (one row per column).
 * @example
 * display.table(profileTable(await profile(engine, ds)), { caption: "Profile" });
 */
export function profileTable(p: DatasetProfile): Record<string, string | number | boolean | null>[] {
  return p.columns.map((c) => ({
    column: c.name, type: c.type, count: c.count, nulls: c.nulls, distinct: c.distinct,
    min: c.min, max: c.max, mean: c.mean, std: c.std,
    p25: c.quantiles?.p25 ?? null, p50: c.quantiles?.p50 ?? null, p75: c.quantiles?.p75 ?? null,
  }));
}

/**
 * A Vega-Lite bar chart of one column's histogram, for `display.chart`
 * (null when the column has none).
 * @example
 * const p = await profile(engine, ds);
 * for (const c of p.columns) { const spec = histogramSpec(c); if (spec) display.chart(spec); }
 */
export function histogramSpec(column: ColumnProfile): Record<string, unknown> | null {
  const h = column.histogram;
  if (!h) return null;
  const base = { $schema: "https://vega.github.io/schema/vega-lite/v6.json", title: column.name, mark: { type: "bar", tooltip: true } };
  if (h.kind === "values") {
    const values = h.otherCount > 0 ? [...h.values, { value: "(other)", count: h.otherCount }] : h.values;
    return {
      ...base,
      data: { values },
      encoding: {
        x: { field: "value", type: "nominal", sort: null, title: column.name },
        y: { field: "count", type: "quantitative" },
      },
    };
  }
  const temporal = column.kind === "date" || column.kind === "timestamp";
  return {
    ...base,
    data: { values: h.bins },
    encoding: {
      x: { field: "start", type: temporal ? "temporal" : "quantitative", bin: { binned: true }, title: column.name },
      x2: { field: "end" },
      y: { field: "count", type: "quantitative" },
    },
  };
}

function statsSql(c: ColumnSchema, i: number, methods: DatasetProfile["methods"]): string[] {
  const col = quoteIdent(c.name);
  const out = [`count(${col}) AS n${i}`];
  if (methods.distinct === "exact") out.push(`count(DISTINCT ${col}) AS d${i}`);
  if (methods.distinct === "approximate") out.push(`approx_count_distinct(${col}) AS d${i}`);
  if (c.kind === "other") out.push(`NULL AS lo${i}`, `NULL AS hi${i}`);
  else out.push(`min(${col}) AS lo${i}`, `max(${col}) AS hi${i}`);
  if (isTemporalType(c.type)) out.push(`epoch(min(${col})) AS elo${i}`, `epoch(max(${col})) AS ehi${i}`);
  if (isNumericType(c.type)) {
    const x = `CAST(${col} AS DOUBLE)`;
    // quantile_cont interpolates integers in DOUBLE itself (same values as
    // casting first), and a bare column makes DuckDB's exact quantile two to
    // three times faster than a cast expression does.
    const exactInput = c.kind === "integer" || c.type === "DOUBLE" ? col : x;
    out.push(`avg(${x}) AS mu${i}`, `stddev_samp(${x}) AS sd${i}`,
      methods.quantiles === "exact" ? `quantile_cont(${exactInput}, [0.25, 0.5, 0.75]) AS q${i}` : `reservoir_quantile(${x}, [0.25, 0.5, 0.75]) AS q${i}`);
  }
  return out;
}

/**
 * Equal-width bins for numeric and time columns, all in one grouped query
 * (a UNION ALL of bucket indexes: faster here than DuckDB's histogram()).
 */
async function addBinnedHistograms(engine: DataEngine, dataset: Dataset, columns: ColumnProfile[], stats: Row, bins: number): Promise<void> {
  const targets: { column: ColumnProfile; lo: number; width: number; temporal: boolean }[] = [];
  const parts: string[] = [];
  for (const [i, column] of columns.entries()) {
    const temporal = isTemporalType(column.type);
    if (!(isNumericType(column.type) || temporal) || column.count === 0) continue;
    const lo = temporal ? Number(stats[`elo${i}`]) : Number(column.min);
    const hi = temporal ? Number(stats[`ehi${i}`]) : Number(column.max);
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) continue;
    const width = hi > lo ? (hi - lo) / bins : 0;
    const x = temporal ? `epoch(${quoteIdent(column.name)})` : `CAST(${quoteIdent(column.name)} AS DOUBLE)`;
    // Bucket index, clamped so the maximum falls in the last bin.
    const bucket = width > 0 ? `least(CAST(floor((${x} - ${doubleLiteral(lo)}) / ${doubleLiteral(width)}) AS INTEGER), ${bins - 1})` : "0";
    parts.push(`SELECT ${targets.length} AS t, ${bucket} AS b FROM ${dataset.table} WHERE ${x} IS NOT NULL`);
    targets.push({ column, lo, width, temporal });
  }
  if (targets.length === 0) return;
  const rows = await engine.query(`SELECT t, b, count(*) AS n FROM (${parts.join(" UNION ALL ")}) GROUP BY t, b`);
  const counts = new Map(rows.map((r) => [`${r.t}:${r.b}`, Number(r.n)]));
  targets.forEach((t, ti) => {
    const n = t.width > 0 ? bins : 1;
    const edge = (k: number) => (t.temporal ? new Date((t.lo + k * t.width) * 1000).toISOString() : t.lo + k * t.width);
    t.column.histogram = {
      kind: "bins",
      bins: Array.from({ length: n }, (_, k) => ({ start: edge(k), end: t.width > 0 ? edge(k + 1) : edge(0), count: counts.get(`${ti}:${k}`) ?? 0 })),
    };
  });
}

/** Text and boolean columns get the most frequent values as their histogram. */
function hasTopValues(c: { kind: ColumnKind }): boolean {
  return c.kind === "string" || c.kind === "boolean";
}

/** The k most frequent values, and how many distinct values there are (the groups counted, before the limit). */
async function topValues(engine: DataEngine, dataset: Dataset, column: ColumnProfile, k: number): Promise<{ histogram: Histogram; distinct: number }> {
  const col = quoteIdent(column.name);
  const rows: Row[] = await engine.query(
    `SELECT CAST(v AS VARCHAR) AS value, n, count(*) OVER () AS groups
     FROM (SELECT ${col} AS v, count(*) AS n FROM ${dataset.table} WHERE ${col} IS NOT NULL GROUP BY ${col})
     ORDER BY n DESC, value LIMIT ${k}`,
  );
  const values = rows.map((r) => ({ value: String(r.value), count: Number(r.n) }));
  return {
    histogram: { kind: "values", values, otherCount: column.count - values.reduce((a, v) => a + v.count, 0) },
    distinct: Number(rows[0]?.groups ?? 0),
  };
}

function scalar(v: unknown): number | string | boolean | null {
  if (v === null || typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  return String(v);
}
