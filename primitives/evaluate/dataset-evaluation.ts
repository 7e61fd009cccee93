import type { Dataset } from "../data/dataset";
import type { DataEngine } from "../data/engine";
import { summarizeClassification, type ClassificationEvaluation, type ClassificationOptions } from "./classification-summary";
import { resolveClassification } from "./classification-target";
import { readColumns, type ColumnRole } from "./dataset-columns";
import { EvaluateError } from "./errors";
import { summarizeFairness, type FairnessSummary } from "./fairness-summary";
import type { Label, LabelArray } from "./labels";
import type { ScoreMatrix } from "./inputs";
import { summarizeRegression, type RegressionEvaluation } from "./regression-summary";
import { classificationReport, regressionReport, type EvaluationReport } from "./report";
import { segmentMetrics, type SegmentBreakdown } from "./segments";

/** Which columns hold what. */
export interface ColumnChoice {
  /** True labels (classification) or values (regression). */
  yTrue: string;
  /** Predicted labels or values. */
  yPred?: string;
  /** Classification scores: one column (binary, the positive class) or one per class, in `labels` order. */
  yScore?: string | string[];
  /** Per-row weights. */
  sampleWeight?: string;
}

export interface BreakdownChoice {
  /** Break metrics down by these columns. */
  by?: string[];
  /** Numeric `by` columns cut at these edges. */
  bins?: Record<string, number[]>;
  /** Metrics per segment (names as METRIC_NAMES); a default per task. */
  segmentMetrics?: string[];
}

export interface DatasetClassificationOptions extends ColumnChoice, BreakdownChoice, ClassificationOptions {
  /** Fairness by these columns (binary targets): selection rate, TPR, FPR, demographic parity and equalized odds. */
  sensitive?: string[];
  title?: string;
}

export interface DatasetClassification {
  evaluation: ClassificationEvaluation;
  segments: SegmentBreakdown | null;
  fairness: FairnessSummary | null;
  report: EvaluationReport;
}

/**
 * Evaluates a classifier's predictions stored in a dataset's columns: the
 * summary, optional breakdowns and fairness, and the report.
 * @example
 * const { evaluation, report } = await evaluateClassification(engine, ds, { yTrue: "label", yPred: "pred", yScore: "p", by: ["region"] });
 */
export async function evaluateClassification(engine: DataEngine, dataset: Dataset, options: DatasetClassificationOptions): Promise<DatasetClassification> {
  const scoreColumns = options.yScore === undefined ? [] : Array.isArray(options.yScore) ? options.yScore : [options.yScore];
  const read = await readChosen(engine, dataset, options, "label", scoreColumns);
  const yScore: ScoreMatrix | Float64Array | undefined = scoreColumns.length === 0 ? undefined
    : scoreColumns.length === 1 ? Float64Array.from(read.scores[0]! as number[])
      : { columns: read.scores.map((c) => Float64Array.from(c as number[])) };
  const input = { yTrue: read.yTrue as LabelArray, yPred: read.yPred as LabelArray | undefined, yScore, sampleWeight: read.weights };
  const evaluation = summarizeClassification(input, options);
  let segments: SegmentBreakdown | null = null;
  let fairness: FairnessSummary | null = null;
  const resolved = options.by?.length || options.sensitive?.length ? resolveClassification(input, options) : null;
  if (resolved && options.by?.length) {
    const metrics = options.segmentMetrics ?? (resolved.task === "binary" ? ["accuracy", "precision", "recall", "f1", ...(yScore ? ["roc_auc"] : [])] : ["accuracy", "f1_macro", ...(yScore ? ["roc_auc_ovr"] : [])]);
    segments = segmentMetrics({ yTrue: resolved.yTrue.keys, yPred: resolved.yPred, yScore, sampleWeight: read.weights }, read.by, {
      metrics, bins: options.bins, labels: resolved.show(resolved.classes), ...(resolved.posLabel === null ? {} : { posLabel: resolved.show([resolved.posLabel])[0] }),
    });
  }
  if (resolved && options.sensitive?.length) {
    if (resolved.task !== "binary") throw new EvaluateError("invalid_labels", "fairness rates need a binary target; this one is multiclass", { argument: "sensitive" });
    fairness = summarizeFairness(resolved.yTrue.keys, resolved.yPred, { sensitiveFeatures: read.sensitive, sampleWeight: read.weights, posLabel: resolved.posLabel! });
  }
  const report = classificationReport(evaluation, { title: options.title, source: sourceOf(dataset, options, scoreColumns), ...(segments ? { segments } : {}), ...(fairness ? { fairness } : {}) });
  return { evaluation, segments, fairness, report };
}

export interface DatasetRegressionOptions extends ColumnChoice, BreakdownChoice {
  title?: string;
}

/**
 * Evaluates a regressor's predictions stored in a dataset's columns.
 * @example
 * const { evaluation, report } = await evaluateRegression(engine, ds, { yTrue: "price", yPred: "predicted" });
 */
export async function evaluateRegression(engine: DataEngine, dataset: Dataset, options: DatasetRegressionOptions): Promise<{ evaluation: RegressionEvaluation; segments: SegmentBreakdown | null; report: EvaluationReport }> {
  if (!options.yPred) throw new EvaluateError("invalid_argument", "yPred (the predicted-value column) is required for regression", { argument: "yPred" });
  const read = await readChosen(engine, dataset, options, "number", []);
  const yTrue = Float64Array.from(read.yTrue as number[]);
  const yPred = Float64Array.from(read.yPred as number[]);
  const evaluation = summarizeRegression({ yTrue, yPred, sampleWeight: read.weights });
  const segments = options.by?.length
    ? segmentMetrics({ yTrue, yPred, sampleWeight: read.weights }, read.by, { metrics: options.segmentMetrics ?? ["mean_absolute_error", "root_mean_squared_error", "r2"], bins: options.bins })
    : null;
  const report = regressionReport(evaluation, { title: options.title, source: sourceOf(dataset, options, []), ...(segments ? { segments } : {}) });
  return { evaluation, segments, report };
}

export interface DatasetSegmentOptions extends ColumnChoice {
  by: string[];
  bins?: Record<string, number[]>;
  metrics: string[];
  /** Classes of the score columns, sorted (multiclass score metrics). */
  labels?: Label[];
  posLabel?: Label;
  /** How y_true and y_pred are read: class labels (default) or numbers (regression metrics). */
  target?: "labels" | "values";
}

/**
 * Any named metrics broken down by columns of a dataset, with counts.
 * @example
 * const b = await evaluateSegments(engine, ds, { yTrue: "label", yPred: "pred", by: ["country"], metrics: ["accuracy", "f1_macro"] });
 */
export async function evaluateSegments(engine: DataEngine, dataset: Dataset, options: DatasetSegmentOptions): Promise<SegmentBreakdown> {
  const scoreColumns = options.yScore === undefined ? [] : Array.isArray(options.yScore) ? options.yScore : [options.yScore];
  const read = await readChosen(engine, dataset, options, options.target === "values" ? "number" : "label", scoreColumns);
  const yScore = scoreColumns.length === 0 ? undefined : scoreColumns.length === 1 ? Float64Array.from(read.scores[0] as number[]) : { columns: read.scores.map((c) => Float64Array.from(c as number[])) };
  return segmentMetrics({ yTrue: read.yTrue as LabelArray, yPred: read.yPred as LabelArray | undefined, yScore, sampleWeight: read.weights }, read.by, {
    metrics: options.metrics, bins: options.bins, labels: options.labels, posLabel: options.posLabel,
  });
}

/**
 * Fairlearn's fairness metrics over a dataset's label and prediction columns.
 * @example
 * const f = await evaluateFairness(engine, ds, { yTrue: "approved", yPred: "pred", sensitive: ["sex"] });
 * f.demographicParityDifference.between_groups;
 */
export async function evaluateFairness(engine: DataEngine, dataset: Dataset, options: ColumnChoice & { sensitive: string[]; posLabel?: Label }): Promise<FairnessSummary> {
  if (!options.yPred) throw new EvaluateError("invalid_argument", "yPred (the predicted-label column) is required for fairness metrics", { argument: "yPred" });
  if (!options.sensitive?.length) throw new EvaluateError("invalid_argument", "name at least one sensitive column", { argument: "sensitive" });
  const read = await readChosen(engine, dataset, { ...options, sensitive: options.sensitive }, "label", []);
  return summarizeFairness(read.yTrue as LabelArray, read.yPred as LabelArray, { sensitiveFeatures: read.sensitive, sampleWeight: read.weights, posLabel: options.posLabel });
}

export interface ChosenColumns {
  yTrue: unknown[];
  yPred: unknown[] | undefined;
  scores: unknown[][];
  weights: Float64Array | undefined;
  by: Record<string, unknown[]>;
  sensitive: Record<string, LabelArray>;
}

/**
 * Reads every chosen column in one pass, each with its role.
 * @example
 * const cols = await readChosen(engine, ds, { yTrue: "label", yPred: "pred", by: ["region"] }, "label", []);
 */
export async function readChosen(engine: DataEngine, dataset: Dataset, options: ColumnChoice & { by?: string[]; sensitive?: string[] }, target: ColumnRole, scoreColumns: string[]): Promise<ChosenColumns> {
  if (typeof options.yTrue !== "string") throw new EvaluateError("invalid_argument", "yTrue must name a column", { argument: "yTrue" });
  const specs: { column: string; role: ColumnRole; slot: string }[] = [{ column: options.yTrue, role: target, slot: "yTrue" }];
  if (options.yPred) specs.push({ column: options.yPred, role: target, slot: "yPred" });
  for (const c of scoreColumns) specs.push({ column: c, role: "number", slot: "score" });
  if (options.sampleWeight) specs.push({ column: options.sampleWeight, role: "number", slot: "weight" });
  for (const c of options.by ?? []) specs.push({ column: c, role: "group", slot: "by" });
  for (const c of options.sensitive ?? []) specs.push({ column: c, role: "group", slot: "sensitive" });
  const values = await readColumns(engine, dataset, specs);
  const out: ChosenColumns = { yTrue: [], yPred: undefined, scores: [], weights: undefined, by: {}, sensitive: {} };
  specs.forEach((s, i) => {
    const v = values[i]!;
    if (s.slot === "yTrue") out.yTrue = v;
    else if (s.slot === "yPred") out.yPred = v;
    else if (s.slot === "score") out.scores.push(v);
    else if (s.slot === "weight") out.weights = Float64Array.from(v as number[]);
    else if (s.slot === "by") out.by[s.column] = v;
    else out.sensitive[s.column] = v as LabelArray;
  });
  return out;
}

function sourceOf(dataset: Dataset, options: ColumnChoice, scoreColumns: string[]): Record<string, string> {
  return {
    datasetId: dataset.id, yTrue: options.yTrue,
    ...(options.yPred ? { yPred: options.yPred } : {}),
    ...(scoreColumns.length ? { yScore: scoreColumns.join(", ") } : {}),
    ...(options.sampleWeight ? { sampleWeight: options.sampleWeight } : {}),
  };
}
