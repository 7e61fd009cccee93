import { EvaluateError } from "./errors";
import { checkLengths, readWeights, requireSamples, type NumberArray } from "./inputs";
import { commonKind, labelKey, markKey, readLabels, uniqueKeys, type Label, type LabelArray, type LabelColumn, type LabelKey } from "./labels";
import { groupRows, type Group } from "./groups";
import { Warnings, type MetricResult, type MetricWarning } from "./result";
import { pairwiseSum } from "./summation";

/** One sensitive feature, or several by name (groups are their combinations). */
export type SensitiveFeatures = LabelArray | Record<string, LabelArray>;

/** Fairlearn's `method`: the spread between groups, or each group's distance from the overall value. */
export type DisparityMethod = "between_groups" | "to_overall";

export interface FairnessOptions {
  sensitiveFeatures: SensitiveFeatures;
  method?: DisparityMethod;
  sampleWeight?: NumberArray;
  /** The favourable outcome; default 1 (labels must then be in {0, 1} or {-1, 1}). */
  posLabel?: Label;
}

/** A metric per group with Fairlearn's MetricFrame aggregates. */
export interface GroupedMetric {
  overall: number;
  groups: { group: Record<string, Label | null>; count: number; value: number }[];
  groupMin: number;
  groupMax: number;
  difference: Record<DisparityMethod, number>;
  ratio: Record<DisparityMethod, number>;
  warnings: MetricWarning[];
}

type RateFn = (t: Uint8Array, p: Uint8Array, w: Float64Array | null, idx: number[], warn: (message: string) => void) => number;

/**
 * Fairlearn's selection_rate: the (weighted) share of predictions equal to
 * posLabel. Zero total weight gives NaN with a warning.
 * @example
 * selectionRate([0, 0, 0, 1, 1, 1, 1, 1]).value; // 0.625
 * selectionRate([0, 1, 1, 0, 0, 0, 0, 0], { sampleWeight: [1, 2, 3, 4, 1, 2, 1, 2] }).value; // 0.3125
 */
export function selectionRate(yPred: LabelArray, options: { posLabel?: Label; sampleWeight?: NumberArray } = {}): MetricResult {
  const column = readLabels("y_pred", yPred);
  requireSamples("y_pred", column.keys.length);
  const pos = positiveKey([column], options.posLabel, false);
  const weights = readWeights(options.sampleWeight, column.keys.length);
  const selected = markKey(column.keys, pos);
  const warnings = new Warnings();
  const value = selection(selected, weights, column.keys.map((_, i) => i), (m) => warnings.add("empty_segment", m));
  return { value, warnings: warnings.list() };
}

/**
 * Fairlearn's true_positive_rate: recall of posLabel; with no positives it is 0 (a warning says so).
 * @example
 * truePositiveRate([1, 1, 0, 0], [1, 0, 1, 0]).value; // 0.5
 */
export function truePositiveRate(yTrue: LabelArray, yPred: LabelArray, options: { posLabel?: Label; sampleWeight?: NumberArray } = {}): MetricResult {
  return overallRate(yTrue, yPred, options, tpr);
}

/**
 * Fairlearn's false_positive_rate: the share of negatives predicted posLabel; with no negatives it is 0.
 * @example
 * falsePositiveRate([1, 1, 0, 0], [1, 0, 1, 0]).value; // 0.5
 */
export function falsePositiveRate(yTrue: LabelArray, yPred: LabelArray, options: { posLabel?: Label; sampleWeight?: NumberArray } = {}): MetricResult {
  return overallRate(yTrue, yPred, options, fpr);
}

/**
 * Fairlearn's demographic_parity_difference: the largest gap in selection
 * rate between groups ("between_groups") or from the overall rate ("to_overall").
 * @example
 * demographicParityDifference([0, 0, 0, 0], [1, 1, 0, 1], { sensitiveFeatures: ["a", "a", "b", "b"] }).value; // 0.5
 */
export function demographicParityDifference(yTrue: LabelArray, yPred: LabelArray, options: FairnessOptions): MetricResult {
  const g = groupedSelectionRate(yTrue, yPred, options);
  return pickAggregate(g, "difference", options.method);
}

/**
 * Fairlearn's demographic_parity_ratio: the smallest selection-rate ratio
 * (below 1) between groups or to the overall rate.
 * @example
 * demographicParityRatio([0, 0, 0, 0], [1, 1, 0, 1], { sensitiveFeatures: ["a", "a", "b", "b"] }).value; // 0.5
 */
export function demographicParityRatio(yTrue: LabelArray, yPred: LabelArray, options: FairnessOptions): MetricResult {
  const g = groupedSelectionRate(yTrue, yPred, options);
  return pickAggregate(g, "ratio", options.method);
}

/**
 * Fairlearn's equalized_odds_difference: the larger ("worst_case", default)
 * or the mean ("mean") of the true- and false-positive-rate differences.
 * @example
 * equalizedOddsDifference([1, 0, 1, 0], [1, 0, 0, 0], { sensitiveFeatures: ["a", "a", "b", "b"] }).value; // 1
 */
export function equalizedOddsDifference(yTrue: LabelArray, yPred: LabelArray, options: FairnessOptions & { agg?: "worst_case" | "mean" }): MetricResult {
  return equalizedOdds(yTrue, yPred, options, "difference");
}

/**
 * Fairlearn's equalized_odds_ratio: the smaller ("worst_case") or the mean
 * of the true- and false-positive-rate ratios.
 * @example
 * equalizedOddsRatio([1, 0, 1, 0], [1, 0, 1, 1], { sensitiveFeatures: ["a", "a", "b", "b"] }).value; // 0
 */
export function equalizedOddsRatio(yTrue: LabelArray, yPred: LabelArray, options: FairnessOptions & { agg?: "worst_case" | "mean" }): MetricResult {
  return equalizedOdds(yTrue, yPred, options, "ratio");
}

/**
 * Selection rate, true and false positive rates per group, each with
 * Fairlearn's MetricFrame aggregates (group min and max, difference and
 * ratio by both methods), for tables and reports.
 * @example
 * const r = fairnessByGroup([1, 0, 1, 0], [1, 0, 0, 0], { sensitiveFeatures: { sex: ["f", "f", "m", "m"] } });
 * r.selectionRate.groups; // [{ group: { sex: "f" }, count: 2, value: 0.5 }, { group: { sex: "m" }, count: 2, value: 0 }]
 */
export function fairnessByGroup(yTrue: LabelArray, yPred: LabelArray, options: Omit<FairnessOptions, "method">): Record<"selectionRate" | "truePositiveRate" | "falsePositiveRate", GroupedMetric> {
  const data = readFairnessInput(yTrue, yPred, options);
  return {
    selectionRate: grouped(data, (_t, p, w, idx, warn) => selection(p, w, idx, warn)),
    truePositiveRate: grouped(data, tpr),
    falsePositiveRate: grouped(data, fpr),
  };
}

function equalizedOdds(yTrue: LabelArray, yPred: LabelArray, options: FairnessOptions & { agg?: "worst_case" | "mean" }, kind: "difference" | "ratio"): MetricResult {
  const agg = options.agg ?? "worst_case";
  if (agg !== "worst_case" && agg !== "mean") throw new EvaluateError("invalid_argument", `agg must be "worst_case" or "mean", got ${JSON.stringify(agg)}`, { argument: "agg" });
  const data = readFairnessInput(yTrue, yPred, options);
  return combineOdds(grouped(data, tpr), grouped(data, fpr), kind, options.method, agg);
}

/**
 * Equalized odds from grouped true and false positive rates: the worse
 * (larger difference, smaller ratio) or the mean of the two. Fairlearn's
 * worst case compares in Python order, so a NaN there could be skipped; here
 * a NaN on either side gives NaN with a warning.
 * @example
 * const g = fairnessByGroup(yTrue, yPred, { sensitiveFeatures: sex });
 * combineOdds(g.truePositiveRate, g.falsePositiveRate, "difference", "between_groups", "worst_case").value;
 */
export function combineOdds(tprs: GroupedMetric, fprs: GroupedMetric, kind: "difference" | "ratio", method: DisparityMethod | undefined, agg: "worst_case" | "mean"): MetricResult {
  const a = pickAggregate(tprs, kind, method);
  const b = pickAggregate(fprs, kind, method);
  const warnings = new Warnings();
  warnings.merge(a.warnings);
  warnings.merge(b.warnings);
  if (Number.isNaN(a.value) || Number.isNaN(b.value)) {
    warnings.add("nan_aggregate", `the true or false positive rate ${kind} is NaN, so the equalized odds ${kind} is NaN`);
    return { value: NaN, warnings: warnings.list() };
  }
  const value = agg === "mean" ? (a.value + b.value) / 2 : kind === "difference" ? Math.max(a.value, b.value) : Math.min(a.value, b.value);
  return { value, warnings: warnings.list() };
}

interface FairnessInput {
  t: Uint8Array;
  p: Uint8Array;
  w: Float64Array | null;
  groups: Group[];
}

function readFairnessInput(yTrue: LabelArray, yPred: LabelArray, options: Omit<FairnessOptions, "method">): FairnessInput {
  const t = readLabels("y_true", yTrue);
  const p = readLabels("y_pred", yPred);
  checkLengths([["y_true", t.keys.length], ["y_pred", p.keys.length]]);
  requireSamples("y_true", t.keys.length);
  const pos = positiveKey([t, p], options.posLabel, true);
  const w = readWeights(options.sampleWeight, t.keys.length);
  const features = Array.isArray(options.sensitiveFeatures) || ArrayBuffer.isView(options.sensitiveFeatures)
    ? { sensitive_feature_0: options.sensitiveFeatures }
    : options.sensitiveFeatures;
  if (features === undefined || features === null || typeof features !== "object") {
    throw new EvaluateError("invalid_argument", "sensitiveFeatures is required: one array, or arrays by name", { argument: "sensitive_features" });
  }
  const groups = groupRows(features as Record<string, unknown>, t.keys.length);
  return { t: markKey(t.keys, pos), p: markKey(p.keys, pos), w, groups };
}

/**
 * The positive label as Fairlearn picks it: posLabel when given (of the
 * labels' type), else 1, which needs labels in {0, 1} or {-1, 1} for rates.
 */
function positiveKey(columns: LabelColumn[], posLabel: Label | undefined, binaryRates: boolean): LabelKey {
  const kind = commonKind(columns);
  const present = uniqueKeys(...columns);
  if (binaryRates && present.length > 2) {
    throw new EvaluateError("invalid_labels", `fairness rates need at most two labels in y_true and y_pred together, got ${present.length}: ${JSON.stringify(present.slice(0, 10))}`, {});
  }
  if (posLabel === undefined || posLabel === null) {
    if (kind === "string" || (binaryRates && !(present.every((k) => k === 0 || k === 1) || present.every((k) => k === -1 || k === 1)))) {
      throw new EvaluateError("invalid_labels", `labels ${JSON.stringify(present.slice(0, 10))} need an explicit posLabel (without one, labels must be in {0, 1} or {-1, 1})`, { argument: "pos_label" });
    }
    return 1;
  }
  const pos = labelKey("pos_label", posLabel);
  if (kind !== null && typeof pos !== (kind === "string" ? "string" : "number")) {
    throw new EvaluateError("invalid_labels", `pos_label ${JSON.stringify(posLabel)} does not match the ${kind} labels`, { argument: "pos_label" });
  }
  if (binaryRates && present.length === 2 && !present.includes(pos)) {
    throw new EvaluateError("invalid_labels", `pos_label ${JSON.stringify(posLabel)} is not one of the labels ${JSON.stringify(present)}`, { argument: "pos_label" });
  }
  return pos;
}

function groupedSelectionRate(yTrue: LabelArray, yPred: LabelArray, options: FairnessOptions): GroupedMetric {
  const data = readFairnessInput(yTrue, yPred, options);
  return grouped(data, (_t, p, w, idx, warn) => selection(p, w, idx, warn));
}

/** Fairlearn's MetricFrame over one rate: overall, by group, min, max, difference and ratio by both methods. */
function grouped(data: FairnessInput, rate: RateFn): GroupedMetric {
  const warnings = new Warnings();
  const all = Array.from(data.t, (_, i) => i);
  const overall = rate(data.t, data.p, data.w, all, (m) => warnings.add("degenerate_group", `overall: ${m}`));
  const groups = data.groups.map((g) => ({
    group: g.key,
    count: g.indices.length,
    value: rate(data.t, data.p, data.w, g.indices, (m) => warnings.add("degenerate_group", `group ${JSON.stringify(g.key)}: ${m}`)),
  }));
  const values = groups.map((g) => g.value).filter((v) => !Number.isNaN(v));
  const groupMin = values.length ? Math.min(...values) : NaN;
  const groupMax = values.length ? Math.max(...values) : NaN;
  const toOverall = values.map((v) => {
    const r = v / overall;
    return r > 1 ? 1 / r : r;
  }).filter((r) => !Number.isNaN(r));
  const ratio = {
    between_groups: groupMin / groupMax,
    to_overall: toOverall.length ? Math.min(...toOverall) : NaN,
  };
  const difference = {
    between_groups: values.length ? Math.max(...values.map((v) => Math.abs(v - groupMin))) : NaN,
    to_overall: values.length ? Math.max(...values.map((v) => Math.abs(v - overall))) : NaN,
  };
  return { overall, groups, groupMin, groupMax, difference, ratio, warnings: warnings.list() };
}

/**
 * One aggregate of a grouped metric with its warnings (NaN explained).
 * @example
 * pickAggregate(fairnessByGroup(t, p, { sensitiveFeatures: g }).selectionRate, "ratio", "to_overall").value;
 */
export function pickAggregate(g: GroupedMetric, kind: "difference" | "ratio", method: DisparityMethod | undefined): MetricResult {
  const m = method ?? "between_groups";
  if (m !== "between_groups" && m !== "to_overall") {
    throw new EvaluateError("invalid_argument", `method must be "between_groups" or "to_overall", got ${JSON.stringify(m)}`, { argument: "method" });
  }
  const value = g[kind][m];
  const warnings = new Warnings();
  warnings.merge(g.warnings);
  if (Number.isNaN(value)) warnings.add("nan_aggregate", `the ${kind} (${m}) is NaN: ${kind === "ratio" ? "the largest value is 0 (0/0)" : "every group value is NaN"}`);
  return { value, warnings: warnings.list() };
}

function selection(p: Uint8Array, w: Float64Array | null, idx: number[], warn: (m: string) => void): number {
  const sel = Float64Array.from(idx, (i) => p[i]! * (w ? w[i]! : 1));
  const total = w ? pairwiseSum(Float64Array.from(idx, (i) => w[i]!)) : idx.length;
  if (total === 0) warn("the sample weights sum to 0, so the selection rate is NaN");
  return pairwiseSum(sel) / total;
}

/** Recall of the positive class from weighted counts; no positives reads 0 (confusion_matrix normalize="true" then nan_to_num). */
const tpr: RateFn = (t, p, w, idx, warn) => {
  let tp = 0;
  let pos = 0;
  for (const i of idx) {
    const weight = w ? w[i]! : 1;
    if (t[i]) {
      pos += weight;
      if (p[i]) tp += weight;
    }
  }
  if (pos === 0) {
    warn("no positive samples, so its true positive rate counts as 0 (Fairlearn)");
    return 0;
  }
  return tp / pos;
};

const fpr: RateFn = (t, p, w, idx, warn) => {
  let fp = 0;
  let neg = 0;
  for (const i of idx) {
    const weight = w ? w[i]! : 1;
    if (!t[i]) {
      neg += weight;
      if (p[i]) fp += weight;
    }
  }
  if (neg === 0) {
    warn("no negative samples, so its false positive rate counts as 0 (Fairlearn)");
    return 0;
  }
  return fp / neg;
};

function overallRate(yTrue: LabelArray, yPred: LabelArray, options: { posLabel?: Label; sampleWeight?: NumberArray }, rate: RateFn): MetricResult {
  const t = readLabels("y_true", yTrue);
  const p = readLabels("y_pred", yPred);
  checkLengths([["y_true", t.keys.length], ["y_pred", p.keys.length]]);
  requireSamples("y_true", t.keys.length);
  const pos = positiveKey([t, p], options.posLabel, true);
  const w = readWeights(options.sampleWeight, t.keys.length);
  const warnings = new Warnings();
  const value = rate(markKey(t.keys, pos), markKey(p.keys, pos), w, t.keys.map((_, i) => i), (m) => warnings.add("degenerate_group", m));
  return { value, warnings: warnings.list() };
}
