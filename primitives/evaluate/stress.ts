import { requireColumns } from "../data/columns";
import type { Dataset } from "../data/dataset";
import type { DataEngine } from "../data/engine";
import { doubleLiteral, isNumericType, isTemporalType, quoteIdent, quoteLiteral } from "../data/sql";
import { readChosen, type ColumnChoice } from "./dataset-evaluation";
import { EvaluateError } from "./errors";
import { checkLengths } from "./inputs";
import { labelKey, type Label, type LabelArray } from "./labels";
import type { MetricContext } from "./registry";
import { sliceMetrics, type SegmentRow } from "./segments";

export interface EdgeCaseOptions extends ColumnChoice, MetricContext {
  /** Feature columns to slice on. */
  features: string[];
  /** Metric names (see METRIC_NAMES). */
  metrics: string[];
  /** Share of rows in each numeric tail. Default 0.05. */
  tail?: number;
  /** Text or boolean values rarer than this share count as rare. Default 0.01. */
  rareShare?: number;
  /** How y_true and y_pred are read: class labels (default) or numbers. */
  target?: "labels" | "values";
}

export interface EdgeCaseSlice extends SegmentRow {
  feature: string;
  /** "low tail", "high tail", "rare values" or "missing". */
  slice: string;
  /** The rule, e.g. "age <= 19.5". */
  rule: string;
  /** Each metric minus its overall value. */
  delta: Record<string, number>;
}

/**
 * Metrics on the edge cases of each feature: numeric tails (at most the
 * `tail` quantile, at least the 1 − `tail` quantile), rare text values,
 * and missing values, each against the overall value.
 * @example
 * const r = await edgeCaseSlices(engine, ds, { yTrue: "label", yPred: "pred", features: ["age", "city"], metrics: ["accuracy"] });
 * r.slices.map((s) => [s.rule, s.count, s.delta.accuracy]);
 */
export async function edgeCaseSlices(engine: DataEngine, dataset: Dataset, options: EdgeCaseOptions): Promise<{ overall: SegmentRow; slices: EdgeCaseSlice[] }> {
  const tail = options.tail ?? 0.05;
  const rareShare = options.rareShare ?? 0.01;
  if (!(tail > 0 && tail < 0.5)) throw new EvaluateError("invalid_argument", `tail must be in (0, 0.5), got ${String(tail)}`, { argument: "tail" });
  if (!(rareShare > 0 && rareShare < 1)) throw new EvaluateError("invalid_argument", `rareShare must be in (0, 1), got ${String(rareShare)}`, { argument: "rareShare" });
  if (!Array.isArray(options.features) || options.features.length === 0) throw new EvaluateError("invalid_argument", "name at least one feature column", { argument: "features" });
  const features = requireColumns(dataset, options.features);
  const rules: { feature: string; slice: string; rule: string; sql: string }[] = [];
  for (const f of features) {
    const col = quoteIdent(f.name);
    const numeric = isNumericType(f.type);
    if (numeric || isTemporalType(f.type)) {
      const x = numeric ? `CAST(${col} AS DOUBLE)` : `epoch(${col})`;
      const [q] = await engine.query(`SELECT quantile_cont(${x}, [${doubleLiteral(tail)}, ${doubleLiteral(1 - tail)}]) AS q FROM ${dataset.table} WHERE ${x} IS NOT NULL AND NOT isnan(${x})`);
      const [lo, hi] = (q!.q as number[] | null) ?? [];
      if (lo !== undefined && hi !== undefined) {
        rules.push({ feature: f.name, slice: "low tail", rule: `${f.name} <= ${numeric ? short(lo) : new Date(lo * 1000).toISOString()}`, sql: `${x} <= ${doubleLiteral(lo)}` });
        rules.push({ feature: f.name, slice: "high tail", rule: `${f.name} >= ${numeric ? short(hi) : new Date(hi * 1000).toISOString()}`, sql: `${x} >= ${doubleLiteral(hi)}` });
      }
      rules.push({ feature: f.name, slice: "missing", rule: `${f.name} is missing`, sql: numeric ? `${col} IS NULL OR isnan(${x})` : `${col} IS NULL` });
    } else if (f.type === "VARCHAR" || f.type === "BOOLEAN") {
      const rare = await engine.query(
        `SELECT CAST(${col} AS VARCHAR) AS v FROM ${dataset.table} WHERE ${col} IS NOT NULL GROUP BY ${col} HAVING count(*) < ${doubleLiteral(rareShare)} * ${dataset.rowCount} ORDER BY count(*), v`,
      );
      if (rare.length > 0) {
        const values = rare.map((r) => String(r.v));
        const list = values.slice(0, 5).map((v) => JSON.stringify(v)).join(", ") + (values.length > 5 ? `, … (${values.length} values)` : "");
        rules.push({ feature: f.name, slice: "rare values", rule: `${f.name} in {${list}}`, sql: `CAST(${col} AS VARCHAR) IN (SELECT v FROM (VALUES ${values.map((v) => `(${quoteLiteral(v)})`).join(", ")}) t(v))` });
      }
      rules.push({ feature: f.name, slice: "missing", rule: `${f.name} is missing`, sql: `${col} IS NULL` });
    } else {
      throw new EvaluateError("schema_mismatch", `feature ${f.name} is ${f.type}; edge cases need numeric, date or text features`, { column: f.name, type: f.type });
    }
  }
  const [membership] = await engine.query(`SELECT ${rules.map((r, i) => `list(coalesce(${r.sql}, false) ORDER BY rowid) AS s${i}`).join(", ")} FROM ${dataset.table}`);
  const read = await readChosen(engine, dataset, options, options.target === "values" ? "number" : "label", scoreList(options.yScore));
  const yScore = read.scores.length === 0 ? undefined : read.scores.length === 1 ? Float64Array.from(read.scores[0] as number[]) : { columns: read.scores.map((c) => Float64Array.from(c as number[])) };
  const slices = rules.map((r, i) => ({ segment: { feature: r.feature, slice: r.slice }, indices: indicesOf(membership![`s${i}`] as boolean[]) }));
  const kept = rules.map((r, i) => ({ r, s: slices[i]! })).filter(({ r, s }) => r.slice !== "missing" || s.indices.length > 0);
  const result = sliceMetrics({ yTrue: read.yTrue as LabelArray, yPred: read.yPred as LabelArray | undefined, yScore, sampleWeight: read.weights }, kept.map((k) => k.s), options);
  return {
    overall: result.overall,
    slices: result.segments.map((row, i) => ({
      ...row, feature: kept[i]!.r.feature, slice: kept[i]!.r.slice, rule: kept[i]!.r.rule,
      delta: Object.fromEntries(result.metrics.map((m) => [m, row.metrics[m]! - result.overall.metrics[m]!])),
    })),
  };
}

/** A cut point as people read it (the query uses the exact value). */
function short(x: number): string {
  return String(Number(x.toPrecision(10)));
}

function scoreList(yScore: ColumnChoice["yScore"]): string[] {
  return yScore === undefined ? [] : Array.isArray(yScore) ? yScore : [yScore];
}

function indicesOf(flags: boolean[]): number[] {
  const out: number[] = [];
  flags.forEach((f, i) => { if (f) out.push(i); });
  return out;
}

export interface FlipResult {
  /** Share of rows whose prediction changed. */
  rate: number;
  flipped: number;
  count: number;
  /** The first changed rows (at most 20), for inspection. */
  examples: number[];
}

/**
 * The share of predictions that changed between two runs over the same
 * rows: labels must match exactly; numbers may move by `tolerance`.
 * @example
 * flipRate([0, 1, 1, 0], [0, 1, 0, 0]); // { rate: 0.25, flipped: 1, count: 4, examples: [2] }
 * flipRate([1.0, 2.0], [1.001, 2.5], { tolerance: 0.01 }).flipped; // 1
 */
export function flipRate(before: ArrayLike<Label>, after: ArrayLike<Label>, options: { tolerance?: number } = {}): FlipResult {
  const tolerance = options.tolerance ?? 0;
  if (!(tolerance >= 0)) throw new EvaluateError("invalid_argument", `tolerance must be >= 0, got ${String(tolerance)}`, { argument: "tolerance" });
  checkLengths([["before", before.length], ["after", after.length]]);
  if (before.length === 0) throw new EvaluateError("empty_input", "no predictions to compare", {});
  const examples: number[] = [];
  let flipped = 0;
  for (let i = 0; i < before.length; i++) {
    const a = before[i] as Label;
    const b = after[i] as Label;
    const changed = typeof a === "number" && typeof b === "number"
      ? !(Number.isFinite(a) && Number.isFinite(b)) ? flipError(i) : Math.abs(a - b) > tolerance
      : labelKey("before", a, i) !== labelKey("after", b, i);
    if (changed) {
      flipped++;
      if (examples.length < 20) examples.push(i);
    }
  }
  return { rate: flipped / before.length, flipped, count: before.length, examples };
}

function flipError(i: number): never {
  throw new EvaluateError("non_finite", `prediction ${i} is not a finite number`, { index: i });
}
