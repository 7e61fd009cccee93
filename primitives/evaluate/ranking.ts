import { binaryAveragePrecision, binaryRocAuc } from "./auc";
import { npAverage } from "./summation";
import { binaryTargetOf, type BinaryTarget } from "./curves";
import { EvaluateError } from "./errors";
import { checkLengths, readScores, readWeights, requireSamples, type NumberArray, type ScoreMatrix } from "./inputs";
import { compareKeys, encodeKeys, labelKey, markKey, readLabelOption, readLabels, showLabels, uniqueKeys, type Label, type LabelArray, type LabelColumn, type LabelKey } from "./labels";
import type { PerClassResult } from "./prf";
import { Warnings, type MetricResult } from "./result";

export interface RocAucOptions {
  /** Multiclass only: "macro" (default), "weighted" (by class prevalence), "micro" (ovr only) or null (per class, ovr only). */
  average?: "macro" | "weighted" | "micro" | null;
  sampleWeight?: NumberArray;
  /** Binary only: the standardized partial AUC over fpr in [0, maxFpr]. */
  maxFpr?: number;
  /** Multiclass: one-vs-rest or one-vs-one (Hand & Till); required, as in sklearn. */
  multiClass?: "ovr" | "ovo";
  /** Multiclass: the class of each score column, sorted; default the sorted classes of y_true. */
  labels?: LabelArray;
}

/**
 * sklearn's roc_auc_score. Binary: scores of the greater label, ties
 * counted as half (trapezoids); one class in y_true gives NaN with a
 * warning. Multiclass: a score matrix whose rows sum to 1 and multiClass
 * "ovr" or "ovo".
 * @example
 * rocAuc([0, 1], [0, 1]).value; // 1
 * rocAuc([0, 0], [0.25, 0.75]).value; // NaN, warnings: [{ code: "single_class", … }]
 * rocAuc([0, 1, 2, 2], [[1, 0, 0], [0.1, 0.5, 0.4], [0.1, 0.1, 0.8], [0.3, 0.3, 0.4]], { multiClass: "ovr", average: null }).value; // [1, 1, 0.875]
 */
export function rocAuc(yTrue: LabelArray, yScore: NumberArray | ScoreMatrix, options: RocAucOptions & { average: null }): PerClassResult;
export function rocAuc(yTrue: LabelArray, yScore: NumberArray | ScoreMatrix, options?: RocAucOptions): MetricResult;
export function rocAuc(yTrue: LabelArray, yScore: NumberArray | ScoreMatrix, options: RocAucOptions = {}): MetricResult | PerClassResult {
  const column = readLabels("y_true", yTrue);
  const scores = readScores("y_score", yScore);
  checkLengths([["y_true", column.keys.length], ["y_score", scores.rows]]);
  requireSamples("y_true", column.keys.length);
  const present = uniqueKeys(column);
  const multiclass = present.length > 2 || (scores.matrix && scores.columns.length > 2);
  if (multiclass) {
    if (options.maxFpr !== undefined && options.maxFpr !== 1) {
      throw new EvaluateError("invalid_argument", "partial AUC (maxFpr) is not available for multiclass targets", { argument: "max_fpr" });
    }
    if (options.multiClass !== "ovr" && options.multiClass !== "ovo") {
      throw new EvaluateError("invalid_argument", `y_true is multiclass: pass multiClass "ovr" or "ovo" (got ${JSON.stringify(options.multiClass)})`, { argument: "multi_class" });
    }
    return multiclassRocAuc(column, scores, options);
  }
  if (scores.matrix) {
    throw new EvaluateError("invalid_argument", `binary y_true needs one score per sample (the greater label's), got ${scores.columns.length} columns; pass that column`, { argument: "y_score" });
  }
  const weights = readWeights(options.sampleWeight, column.keys.length);
  const greater = present[present.length - 1];
  const positive = present.length === 2 ? markKey(column.keys, greater!) : new Uint8Array(column.keys.length);
  return binaryRocAuc({ positive, score: scores.columns[0]!, weights, posLabel: 1 }, options.maxFpr);
}

function multiclassRocAuc(column: LabelColumn, scores: ReturnType<typeof readScores>, options: RocAucOptions): MetricResult | PerClassResult {
  const average = options.average === undefined ? "macro" : options.average;
  const allowed = options.multiClass === "ovr" ? ["micro", "macro", "weighted", null] : ["macro", "weighted"];
  if (!allowed.includes(average)) {
    throw new EvaluateError("invalid_argument", `average must be one of ${JSON.stringify(allowed)} for multiclass ${options.multiClass} ROC AUC, got ${JSON.stringify(average)}`, { argument: "average" });
  }
  if (!scores.matrix) throw new EvaluateError("invalid_argument", "y_score needs one column per class (n_samples × n_classes) because y_true has several classes", { argument: "y_score" });
  checkProbabilityRows(scores.columns, "multiclass ROC AUC");
  const classes = scoreClasses(column, scores.columns.length, options.labels);
  const encoded = encodeKeys(column.keys, classes);
  if (options.multiClass === "ovo") {
    if (options.sampleWeight !== undefined && options.sampleWeight !== null) {
      throw new EvaluateError("invalid_argument", "sampleWeight is not supported for one-vs-one ROC AUC (as in sklearn)", { argument: "sample_weight" });
    }
    return ovoRocAuc(encoded, scores.columns, average === "weighted");
  }
  const weights = readWeights(options.sampleWeight, column.keys.length);
  return averageOverClasses(encoded, scores.columns, weights, average, (t) => binaryRocAuc(t, undefined), showLabels(classes, [column]));
}

/** Hand & Till (2001): the mean over class pairs of the two one-against-the-other AUCs. */
function ovoRocAuc(encoded: Int32Array, columns: Float64Array[], weighted: boolean): MetricResult {
  const warnings = new Warnings();
  const present = [...new Set(encoded)].sort((a, b) => a - b);
  if (present.length < 2) {
    warnings.add("single_class", "Only one class is present in y_true; one-vs-one ROC AUC has no class pairs (NaN).");
    return { value: NaN, warnings: warnings.list() };
  }
  const pairScores: number[] = [];
  const prevalence: number[] = [];
  for (let x = 0; x < present.length; x++) {
    for (let y = x + 1; y < present.length; y++) {
      const a = present[x]!;
      const b = present[y]!;
      const rows: number[] = [];
      encoded.forEach((c, i) => { if (c === a || c === b) rows.push(i); });
      prevalence.push(rows.length / encoded.length);
      const side = (cls: number) => {
        const r = binaryRocAuc({ positive: Uint8Array.from(rows, (i) => (encoded[i] === cls ? 1 : 0)), score: Float64Array.from(rows, (i) => columns[cls]![i]!), weights: null, posLabel: 1 }, undefined);
        warnings.merge(r.warnings);
        return r.value;
      };
      pairScores.push((side(a) + side(b)) / 2);
    }
  }
  return { value: weightedMean(pairScores, weighted ? prevalence : null), warnings: warnings.list() };
}

/**
 * sklearn's _average_binary_score for a one-vs-rest indicator target:
 * per class, micro (all cells as one binary problem), macro, or weighted by
 * class support (classes of zero support count 0; zero total support gives 0).
 */
function averageOverClasses(
  encoded: Int32Array, columns: Float64Array[], weights: Float64Array | null, average: "macro" | "weighted" | "micro" | null,
  metric: (t: BinaryTarget) => MetricResult, labels: Label[],
): MetricResult | PerClassResult {
  const warnings = new Warnings();
  const n = encoded.length;
  const k = columns.length;
  if (average === "micro") {
    const positive = new Uint8Array(n * k);
    const score = new Float64Array(n * k);
    const w = weights ? new Float64Array(n * k) : null;
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < k; c++) {
        positive[i * k + c] = encoded[i] === c ? 1 : 0;
        score[i * k + c] = columns[c]![i]!;
        if (w) w[i * k + c] = weights![i]!;
      }
    }
    return metric({ positive, score, weights: w, posLabel: 1 });
  }
  const support = columns.map((_, c) => {
    let s = 0;
    for (let i = 0; i < n; i++) if (encoded[i] === c) s += weights ? weights[i]! : 1;
    return s;
  });
  if (average === "weighted" && Math.abs(support.reduce((a, b) => a + b, 0)) <= 1e-8) return { value: 0, warnings: [] };
  const perClass = columns.map((scoreColumn, c) => {
    const positive = new Uint8Array(n);
    for (let i = 0; i < n; i++) if (encoded[i] === c) positive[i] = 1;
    const r = metric({ positive, score: scoreColumn, weights, posLabel: 1 });
    warnings.merge(r.warnings);
    return r.value;
  });
  if (average === null) return { value: perClass, labels, support, warnings: warnings.list() };
  if (average === "weighted") return { value: weightedMean(perClass.map((v, c) => (support[c] === 0 ? 0 : v)), support), warnings: warnings.list() };
  return { value: weightedMean(perClass, null), warnings: warnings.list() };
}

export interface AveragePrecisionOptions {
  /** Multiclass only (one-vs-rest): "macro" (default), "micro", "weighted" or null (per class). */
  average?: "macro" | "weighted" | "micro" | null;
  /** Binary only: the positive class. Default 1. */
  posLabel?: Label;
  sampleWeight?: NumberArray;
  /** Multiclass: the class of each score column (an extension: sklearn uses the classes of y_true). */
  labels?: LabelArray;
}

/**
 * sklearn's average_precision_score: the step-wise area under the
 * precision-recall curve. Binary: one score per sample; multiclass: a score
 * matrix, one-vs-rest. Without positives it is 0, with a warning.
 * @example
 * averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]).value; // 0.8333…
 */
export function averagePrecision(yTrue: LabelArray, yScore: NumberArray | ScoreMatrix, options: AveragePrecisionOptions & { average: null }): PerClassResult;
export function averagePrecision(yTrue: LabelArray, yScore: NumberArray | ScoreMatrix, options?: AveragePrecisionOptions): MetricResult;
export function averagePrecision(yTrue: LabelArray, yScore: NumberArray | ScoreMatrix, options: AveragePrecisionOptions = {}): MetricResult | PerClassResult {
  const column = readLabels("y_true", yTrue);
  const scores = readScores("y_score", yScore);
  checkLengths([["y_true", column.keys.length], ["y_score", scores.rows]]);
  requireSamples("y_true", column.keys.length);
  const present = uniqueKeys(column);
  const average = options.average === undefined ? "macro" : options.average;
  if (![null, "micro", "macro", "weighted"].includes(average)) {
    throw new EvaluateError("invalid_argument", `average must be "micro", "macro", "weighted" or null, got ${JSON.stringify(average)}`, { argument: "average" });
  }
  if (!scores.matrix) {
    if (present.length > 2) throw new EvaluateError("invalid_argument", `y_true has ${present.length} classes: y_score needs one column per class`, { argument: "y_score" });
    const posLabel = options.posLabel ?? 1;
    if (present.length === 2 && !present.includes(labelKey("pos_label", posLabel))) {
      throw new EvaluateError("invalid_labels", `pos_label=${JSON.stringify(posLabel)} is not a valid label: it should be one of ${JSON.stringify(present)}`, { argument: "pos_label" });
    }
    if (present.length === 1 && typeof present[0] !== typeof labelKey("pos_label", posLabel)) {
      throw new EvaluateError("invalid_labels", `pos_label ${JSON.stringify(posLabel)} does not match the type of y_true's labels`, { argument: "pos_label" });
    }
    return binaryAveragePrecision(binaryTargetOf(column, scores.columns[0]!, { posLabel, weights: readWeights(options.sampleWeight, column.keys.length) }));
  }
  if (options.posLabel !== undefined && labelKey("pos_label", options.posLabel) !== 1) {
    throw new EvaluateError("invalid_argument", "pos_label is fixed to 1 for multiclass y_true; leave it out", { argument: "pos_label" });
  }
  if (present.length <= 2 && options.labels === undefined) {
    throw new EvaluateError("invalid_argument", "binary y_true needs one score per sample (the positive class's), not a matrix; or pass labels to score the columns one-vs-rest", { argument: "y_score" });
  }
  const classes = scoreClasses(column, scores.columns.length, options.labels);
  const weights = readWeights(options.sampleWeight, column.keys.length);
  return averageOverClasses(encodeKeys(column.keys, classes), scores.columns, weights, average, binaryAveragePrecision, showLabels(classes, [column]));
}

/**
 * The class of each score column: `labels` (unique, sorted, one per column,
 * covering y_true) or the sorted classes of y_true.
 */
function scoreClasses(column: LabelColumn, width: number, labels: LabelArray | undefined): LabelKey[] {
  if (labels === undefined || labels === null) {
    const classes = uniqueKeys(column);
    if (classes.length !== width) {
      throw new EvaluateError("length_mismatch", `y_true has ${classes.length} classes but y_score has ${width} columns; pass labels naming the class of each column`, { classes: classes.length, columns: width });
    }
    return classes;
  }
  const keys = readLabelOption(labels, column.kind);
  const sorted = [...keys].sort(compareKeys);
  if (sorted.some((k, i) => k !== keys[i])) throw new EvaluateError("invalid_argument", "labels must be sorted (numbers ascending, strings by code point), as the score columns are", { argument: "labels" });
  if (keys.length !== width) {
    throw new EvaluateError("length_mismatch", `labels has ${keys.length} classes but y_score has ${width} columns`, { labels: keys.length, columns: width });
  }
  const known = new Set(keys);
  const unseen = [...column.shown.keys()].filter((k) => !known.has(k));
  if (unseen.length > 0) {
    throw new EvaluateError("unseen_label", `y_true holds label(s) not in labels: ${unseen.slice(0, 10).map((k) => JSON.stringify(k)).join(", ")}`, { unseen: unseen.slice(0, 10) });
  }
  return keys;
}

/**
 * Fails unless every row of class probabilities sums to 1 (np.allclose:
 * |1 − s| ≤ 1e-8 + 1e-5·|s|).
 * @example
 * checkProbabilityRows([Float64Array.of(0.3), Float64Array.of(0.7)], "ROC AUC"); // ok
 */
export function checkProbabilityRows(columns: Float64Array[], what: string): void {
  const n = columns[0]?.length ?? 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (const c of columns) s += c[i]!;
    if (!(Math.abs(1 - s) <= 1e-8 + 1e-5 * Math.abs(s))) {
      throw new EvaluateError("invalid_argument", `${what} needs probabilities: row ${i} of y_score sums to ${s}, not 1`, { argument: "y_score", row: i });
    }
  }
}

function weightedMean(values: number[], weights: number[] | null): number {
  return npAverage(values, weights);
}
