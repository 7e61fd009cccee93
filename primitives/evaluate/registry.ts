import { accuracy, balancedAccuracy } from "./accuracy";
import { EvaluateError } from "./errors";
import { falsePositiveRate, selectionRate, truePositiveRate } from "./fairness";
import type { NumberArray, ScoreMatrix } from "./inputs";
import { labelKey, readLabels, type Label, type LabelArray } from "./labels";
import { f1, precision, recall, type Average } from "./prf";
import { brierScore, logLoss } from "./probability";
import { averagePrecision, rocAuc } from "./ranking";
import { meanAbsoluteError, meanAbsolutePercentageError, meanSquaredError, r2, rootMeanSquaredError } from "./regression";
import type { MetricResult } from "./result";

/** The inputs of one metric call: labels or values, scores, weights (any may be a subset of rows). */
export interface MetricInput {
  yTrue: LabelArray | NumberArray;
  yPred?: LabelArray | NumberArray;
  yScore?: NumberArray | ScoreMatrix;
  sampleWeight?: NumberArray;
}

/** What a named metric needs besides the rows: the classes of the score columns and the positive class. */
export interface MetricContext {
  /** The class of each score column, sorted (multiclass scores, log loss). */
  labels?: readonly Label[];
  posLabel?: Label;
}

interface MetricSpec {
  needs: "yPred" | "yScore";
  compute(input: MetricInput, ctx: MetricContext): MetricResult;
}

const labelsOf = (x: MetricInput) => x.yTrue as LabelArray;
const predOf = (x: MetricInput) => x.yPred as LabelArray;
const scoreOf = (x: MetricInput) => x.yScore as NumberArray;

function prf(fn: typeof precision, average: Exclude<Average, null>): MetricSpec {
  return {
    needs: "yPred",
    compute: (x, ctx) => fn(labelsOf(x), predOf(x), { average, sampleWeight: x.sampleWeight, ...(average === "binary" && ctx.posLabel !== undefined ? { posLabel: ctx.posLabel } : {}) }),
  };
}

function regression(fn: typeof meanAbsoluteError): MetricSpec {
  return { needs: "yPred", compute: (x) => fn(x.yTrue as NumberArray, x.yPred as NumberArray, { sampleWeight: x.sampleWeight }) };
}

/**
 * Metrics by name, for breakdowns and reports. Names follow scikit-learn's
 * scorer names without the `neg_` prefix (values are the metric itself,
 * not a score to maximize).
 */
const METRICS = {
  accuracy: { needs: "yPred", compute: (x) => accuracy(labelsOf(x), predOf(x), { sampleWeight: x.sampleWeight }) },
  balanced_accuracy: { needs: "yPred", compute: (x) => balancedAccuracy(labelsOf(x), predOf(x), { sampleWeight: x.sampleWeight }) },
  precision: prf(precision, "binary"),
  precision_micro: prf(precision, "micro"),
  precision_macro: prf(precision, "macro"),
  precision_weighted: prf(precision, "weighted"),
  recall: prf(recall, "binary"),
  recall_micro: prf(recall, "micro"),
  recall_macro: prf(recall, "macro"),
  recall_weighted: prf(recall, "weighted"),
  f1: prf(f1, "binary"),
  f1_micro: prf(f1, "micro"),
  f1_macro: prf(f1, "macro"),
  f1_weighted: prf(f1, "weighted"),
  roc_auc: { needs: "yScore", compute: (x, ctx) => rocAucBinary(x, ctx) },
  roc_auc_ovr: { needs: "yScore", compute: (x, ctx) => rocAuc(labelsOf(x), x.yScore as ScoreMatrix, { multiClass: "ovr", average: "macro", sampleWeight: x.sampleWeight, labels: ctx.labels }) },
  roc_auc_ovo: { needs: "yScore", compute: (x, ctx) => rocAuc(labelsOf(x), x.yScore as ScoreMatrix, { multiClass: "ovo", average: "macro", labels: ctx.labels }) },
  roc_auc_ovr_weighted: { needs: "yScore", compute: (x, ctx) => rocAuc(labelsOf(x), x.yScore as ScoreMatrix, { multiClass: "ovr", average: "weighted", sampleWeight: x.sampleWeight, labels: ctx.labels }) },
  roc_auc_ovo_weighted: { needs: "yScore", compute: (x, ctx) => rocAuc(labelsOf(x), x.yScore as ScoreMatrix, { multiClass: "ovo", average: "weighted", labels: ctx.labels }) },
  average_precision: { needs: "yScore", compute: (x, ctx) => averagePrecision(labelsOf(x), scoreOf(x), { sampleWeight: x.sampleWeight, ...(ctx.posLabel !== undefined ? { posLabel: ctx.posLabel } : {}) }) },
  log_loss: { needs: "yScore", compute: (x, ctx) => logLoss(labelsOf(x), x.yScore as ScoreMatrix, { sampleWeight: x.sampleWeight, labels: ctx.labels }) },
  brier_score: { needs: "yScore", compute: (x, ctx) => brierScore(labelsOf(x), x.yScore as ScoreMatrix, { sampleWeight: x.sampleWeight, posLabel: ctx.posLabel, ...(ctx.labels && isMatrix(x.yScore) ? { labels: ctx.labels } : {}) }) },
  selection_rate: { needs: "yPred", compute: (x, ctx) => selectionRate(predOf(x), { sampleWeight: x.sampleWeight, posLabel: ctx.posLabel }) },
  true_positive_rate: { needs: "yPred", compute: (x, ctx) => truePositiveRate(labelsOf(x), predOf(x), { sampleWeight: x.sampleWeight, posLabel: ctx.posLabel }) },
  false_positive_rate: { needs: "yPred", compute: (x, ctx) => falsePositiveRate(labelsOf(x), predOf(x), { sampleWeight: x.sampleWeight, posLabel: ctx.posLabel }) },
  mean_absolute_error: regression(meanAbsoluteError),
  mean_squared_error: regression(meanSquaredError),
  root_mean_squared_error: regression(rootMeanSquaredError),
  mean_absolute_percentage_error: regression(meanAbsolutePercentageError),
  r2: regression(r2),
} satisfies Record<string, MetricSpec>;

/** A metric known by name (see METRIC_NAMES). */
export type MetricName = keyof typeof METRICS;

/** Every metric name, in a stable order. */
export const METRIC_NAMES = Object.keys(METRICS) as MetricName[];

/**
 * Computes a metric by name on the given rows.
 * @example
 * computeMetric("f1_macro", { yTrue: [0, 1, 2], yPred: [0, 2, 2] }).value; // 0.5555…
 */
export function computeMetric(name: MetricName, input: MetricInput, ctx: MetricContext = {}): MetricResult {
  const spec = metricSpec(name);
  if (input[spec.needs] === undefined || input[spec.needs] === null) {
    throw new EvaluateError("invalid_argument", `${name} needs ${spec.needs === "yPred" ? "predictions (yPred)" : "scores (yScore)"}`, { metric: name });
  }
  return spec.compute(input, ctx);
}

/**
 * Fails on an unknown metric name, listing the known ones.
 * @example
 * checkMetricNames(["f1_macro", "accuracy"]); // ok
 */
export function checkMetricNames(names: readonly string[]): MetricName[] {
  for (const name of names) metricSpec(name);
  return names as MetricName[];
}

function metricSpec(name: string): MetricSpec {
  const spec = (METRICS as Record<string, MetricSpec>)[name];
  if (!spec || !Object.hasOwn(METRICS, name)) {
    throw new EvaluateError("invalid_argument", `unknown metric ${JSON.stringify(name)}; known: ${METRIC_NAMES.join(", ")}`, { metric: name });
  }
  return spec;
}

/** Binary ROC AUC with the scores of posLabel: the positive class is posLabel (not the greater label) when given. */
function rocAucBinary(x: MetricInput, ctx: MetricContext): MetricResult {
  if (ctx.posLabel === undefined) return rocAuc(labelsOf(x), scoreOf(x), { sampleWeight: x.sampleWeight });
  const pos = labelKey("pos_label", ctx.posLabel);
  const positive = readLabels("y_true", labelsOf(x)).keys.map((k) => (k === pos ? 1 : 0));
  return rocAuc(positive, scoreOf(x), { sampleWeight: x.sampleWeight });
}

function isMatrix(scores: MetricInput["yScore"]): boolean {
  return scores !== undefined && ((Array.isArray(scores) && scores.length > 0 && typeof scores[0] === "object") || (typeof scores === "object" && !Array.isArray(scores) && !ArrayBuffer.isView(scores)));
}
