import { EvaluateError } from "./errors";
import { encodeKeys, readLabelOption, showLabels, type Label, type LabelArray, type LabelKey } from "./labels";
import { Warnings, type MetricResult } from "./result";
import { readTargets, type Targets } from "./targets";
import type { NumberArray } from "./inputs";

export interface ConfusionMatrixOptions {
  /** Rows and columns in this order; samples with other labels are left out (with a warning). Default: sorted labels of y_true and y_pred. */
  labels?: LabelArray;
  sampleWeight?: NumberArray;
  /** Divide by row sums ("true"), column sums ("pred") or the total ("all"); empty rows or columns give 0, as sklearn. */
  normalize?: "true" | "pred" | "all" | null;
}

/** Rows are true labels, columns predicted labels, both in `labels` order. */
export interface ConfusionMatrixResult extends MetricResult<number[][]> {
  labels: Label[];
}

/**
 * sklearn's confusion_matrix: C[i][j] counts (or sums the weights of)
 * samples of true class labels[i] predicted as labels[j].
 * @example
 * confusionMatrix([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1]).value;
 * // [[2, 0, 0], [1, 0, 1], [0, 2, 0]]
 */
export function confusionMatrix(yTrue: LabelArray, yPred: LabelArray, options: ConfusionMatrixOptions = {}): ConfusionMatrixResult {
  return confusionMatrixOf(readTargets(yTrue, yPred, options.sampleWeight), options);
}

/**
 * The confusion matrix of targets already read (their weights included;
 * options.sampleWeight is not read again).
 * @example
 * confusionMatrixOf(readTargets([0, 1], [1, 1]), {}).value; // [[0, 1], [0, 1]]
 */
export function confusionMatrixOf(targets: Targets, options: Omit<ConfusionMatrixOptions, "sampleWeight">): ConfusionMatrixResult {
  const warnings = new Warnings();
  const n = targets.yTrue.keys.length;
  let labels: LabelKey[];
  if (options.labels === undefined || options.labels === null) {
    if (n === 0) throw new EvaluateError("empty_input", "y_true is empty: pass labels to get an all-zero matrix, or at least one sample", {});
    labels = targets.present;
  } else {
    labels = readLabelOption(options.labels, targets.kind);
    if (n > 0 && !targets.yTrue.keys.some((k) => labels.includes(k))) {
      throw new EvaluateError("unseen_label", `none of labels (${labels.map((l) => JSON.stringify(l)).join(", ")}) occurs in y_true`, {});
    }
  }
  const k = labels.length;
  const cm = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const t = encodeKeys(targets.yTrue.keys, labels);
  const p = encodeKeys(targets.yPred.keys, labels);
  let ignored = 0;
  for (let i = 0; i < n; i++) {
    if (t[i]! < 0 || p[i]! < 0) {
      ignored++;
      continue;
    }
    cm[t[i]!]![p[i]!]! += targets.weights ? targets.weights[i]! : 1;
  }
  if (ignored > 0) warnings.add("samples_ignored", `${ignored} sample(s) have a true or predicted label outside labels and are not counted`);
  normalizeInPlace(cm, options.normalize ?? null);
  if (k === 1) {
    warnings.add("single_label", "A single label was found in y_true and y_pred; pass labels with every known class to get the full matrix.");
  }
  return { value: cm, labels: showLabels(labels, [targets.yTrue, targets.yPred]), warnings: warnings.list() };
}

function normalizeInPlace(cm: number[][], mode: ConfusionMatrixOptions["normalize"]): void {
  if (mode === null || mode === undefined) return;
  if (mode !== "true" && mode !== "pred" && mode !== "all") {
    throw new EvaluateError("invalid_argument", `normalize must be "true", "pred", "all" or null, got ${JSON.stringify(mode)}`, { argument: "normalize" });
  }
  const k = cm.length;
  const rowSums = cm.map((row) => row.reduce((a, b) => a + b, 0));
  const colSums = Array.from({ length: k }, (_, j) => cm.reduce((a, row) => a + row[j]!, 0));
  const total = rowSums.reduce((a, b) => a + b, 0);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const d = mode === "true" ? rowSums[i]! : mode === "pred" ? colSums[j]! : total;
      const v = cm[i]![j]! / d;
      cm[i]![j] = Number.isFinite(v) ? v : 0; // np.nan_to_num: an empty row or column reads 0
    }
  }
}

/** Weighted per-class counts over chosen labels (sklearn's multilabel_confusion_matrix, multiclass case). */
export interface ClassCounts {
  labels: LabelKey[];
  tp: Float64Array;
  /** Predicted as the class (tp + fp). */
  predSum: Float64Array;
  /** Truly the class (tp + fn). */
  trueSum: Float64Array;
}

/**
 * tp, predicted and true sums per label; samples with other labels still
 * count against the chosen ones (as false positives or negatives).
 * @example
 * classCounts(readTargets([0, 1], [1, 1]), [0, 1]).tp; // Float64Array [0, 1]
 */
export function classCounts(targets: Targets, labels: LabelKey[]): ClassCounts {
  const k = labels.length;
  const t = encodeKeys(targets.yTrue.keys, labels);
  const p = encodeKeys(targets.yPred.keys, labels);
  const tp = new Float64Array(k);
  const predSum = new Float64Array(k);
  const trueSum = new Float64Array(k);
  const w = targets.weights;
  for (let i = 0; i < t.length; i++) {
    const weight = w ? w[i]! : 1;
    if (t[i]! >= 0) trueSum[t[i]!]! += weight;
    if (p[i]! >= 0) predSum[p[i]!]! += weight;
    if (t[i]! >= 0 && t[i] === p[i]) tp[t[i]!]! += weight;
  }
  return { labels, tp, predSum, trueSum };
}
