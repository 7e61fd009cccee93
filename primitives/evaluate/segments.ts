import { EvaluateError } from "./errors";
import { checkLengths, readScores, readWeights, requireObject, type NumberArray, type ScoreMatrix } from "./inputs";
import { groupRows, type GroupingOptions } from "./groups";
import type { Label, LabelArray } from "./labels";
import { checkMetricNames, computeMetric, type MetricContext, type MetricInput, type MetricName } from "./registry";
import { Warnings, type MetricWarning } from "./result";
import { pairwiseSum } from "./summation";

export interface SegmentOptions extends GroupingOptions, MetricContext {
  /** Metric names (see METRIC_NAMES), e.g. ["accuracy", "f1_macro"]. */
  metrics: readonly string[];
}

/** One segment's counts and metric values; NaN values come with a warning saying why. */
export interface SegmentRow {
  segment: Record<string, Label | null>;
  /** Rows in the segment. */
  count: number;
  /** Total sample weight, when weights were given. */
  weight: number | null;
  metrics: Record<string, number>;
  warnings: MetricWarning[];
}

export interface SegmentBreakdown {
  by: string[];
  metrics: MetricName[];
  overall: SegmentRow;
  segments: SegmentRow[];
}

/**
 * Any named metric broken down by one or more columns, with counts. The
 * overall row is computed first, so bad input fails as it would without a
 * breakdown; inside a segment, a metric that cannot be computed (an empty
 * segment, one class where two are needed) reads NaN with a warning. Score
 * metrics get `labels` so every segment maps score columns to the same classes.
 * @example
 * const b = segmentMetrics({ yTrue: [0, 1, 1, 0], yPred: [0, 1, 0, 0] }, { region: ["EU", "EU", "US", "US"] }, { metrics: ["accuracy"] });
 * b.segments.map((s) => [s.segment.region, s.count, s.metrics.accuracy]); // [["EU", 2, 1], ["US", 2, 0.5]]
 */
export function segmentMetrics(input: MetricInput, by: Record<string, unknown>, options: SegmentOptions): SegmentBreakdown {
  requireObject("input", input);
  requireObject("by", by);
  const n = (input.yTrue as ArrayLike<unknown>).length;
  const groups = groupRows(by, n, { bins: options.bins, allowMissing: options.allowMissing ?? true, allCombinations: options.allCombinations });
  return { by: Object.keys(by), ...sliceMetrics(input, groups.map((g) => ({ segment: g.key, indices: g.indices })), options) };
}

/**
 * Named metrics on all rows and on any subsets of them (segments, edge-case
 * slices). Bad input fails on the overall row; a subset that cannot support
 * a metric reads NaN with a warning.
 * @example
 * const r = sliceMetrics({ yTrue: [0, 1, 1], yPred: [0, 0, 1] }, [{ segment: { slice: "last two" }, indices: [1, 2] }], { metrics: ["accuracy"] });
 * r.segments[0].metrics.accuracy; // 0.5
 */
export function sliceMetrics(
  input: MetricInput, slices: ReadonlyArray<{ segment: Record<string, Label | null>; indices: number[] }>, options: MetricContext & { metrics: readonly string[] },
): { metrics: MetricName[]; overall: SegmentRow; segments: SegmentRow[] } {
  const metrics = checkMetricNames(options.metrics);
  if (metrics.length === 0) throw new EvaluateError("invalid_argument", "name at least one metric", { argument: "metrics" });
  const n = (input.yTrue as ArrayLike<unknown>).length;
  const scores = input.yScore === undefined ? null : readScores("y_score", input.yScore);
  checkLengths([["y_true", n], ...(input.yPred ? [["y_pred", (input.yPred as ArrayLike<unknown>).length] as const] : []), ...(scores ? [["y_score", scores.rows] as const] : [])]);
  const weights = readWeights(input.sampleWeight, n);
  const ctx: MetricContext = { labels: options.labels, posLabel: options.posLabel };
  const overall = computeRow({}, Array.from({ length: n }, (_, i) => i), input, scores, weights, metrics, ctx, true);
  const segments = slices.map((s) => computeRow(s.segment, s.indices, input, scores, weights, metrics, ctx, false));
  return { metrics, overall, segments };
}

function computeRow(
  segment: Record<string, Label | null>, indices: number[], input: MetricInput, scores: ReturnType<typeof readScores> | null,
  weights: Float64Array | null, metrics: MetricName[], ctx: MetricContext, strict: boolean,
): SegmentRow {
  const warnings = new Warnings();
  const weight = weights ? pairwiseSum(Float64Array.from(indices, (i) => weights[i]!)) : null;
  const values: Record<string, number> = {};
  const name = Object.keys(segment).length ? JSON.stringify(segment) : "overall";
  if (indices.length === 0 || weight === 0) {
    warnings.add("empty_segment", `segment ${name} has ${indices.length === 0 ? "no rows" : "zero total weight"}; its metrics are NaN`);
    for (const m of metrics) values[m] = NaN;
    return { segment, count: indices.length, weight, metrics: values, warnings: warnings.list() };
  }
  const subset = subsetInput(input, scores, weights, indices);
  for (const m of metrics) {
    try {
      const r = computeMetric(m, subset, ctx);
      values[m] = r.value;
      for (const w of r.warnings) warnings.add(w.code, `${m}: ${w.message}`);
    } catch (error) {
      if (strict || !(error instanceof EvaluateError)) throw error;
      values[m] = NaN;
      warnings.add("undefined_metric", `${m} in segment ${name}: ${error.message}`);
    }
  }
  return { segment, count: indices.length, weight, metrics: values, warnings: warnings.list() };
}

function subsetInput(input: MetricInput, scores: ReturnType<typeof readScores> | null, weights: Float64Array | null, indices: number[]): MetricInput {
  const pick = <T>(values: ArrayLike<T>) => indices.map((i) => values[i]!);
  const out: MetricInput = { yTrue: pick(input.yTrue as ArrayLike<Label>) as LabelArray };
  if (input.yPred !== undefined) out.yPred = pick(input.yPred as ArrayLike<Label>) as LabelArray;
  if (scores) {
    out.yScore = scores.matrix
      ? ({ columns: scores.columns.map((c) => Float64Array.from(indices, (i) => c[i]!)) } satisfies ScoreMatrix)
      : (Float64Array.from(indices, (i) => scores.columns[0]![i]!) satisfies NumberArray);
  }
  if (weights) out.sampleWeight = Float64Array.from(indices, (i) => weights[i]!);
  return out;
}

/**
 * A breakdown as table rows (segment columns, count, weight, each metric).
 * @example
 * display.table(segmentTable(breakdown), { caption: "by region" });
 */
export function segmentTable(b: SegmentBreakdown): Record<string, Label | number | null>[] {
  const row = (r: SegmentRow, label: boolean) => ({
    ...Object.fromEntries(b.by.map((c) => [c, label ? "(all)" : (r.segment[c] ?? null)])),
    count: r.count,
    ...(r.weight === null ? {} : { weight: r.weight }),
    ...Object.fromEntries(b.metrics.map((m) => [m, finiteOrNull(r.metrics[m]!)])),
  });
  return [row(b.overall, true), ...b.segments.map((s) => row(s, false))];
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
