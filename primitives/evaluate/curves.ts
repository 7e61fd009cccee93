import { EvaluateError } from "./errors";
import { checkLengths, readNumbers, readWeights, requireSamples, type NumberArray } from "./inputs";
import { labelKey, markKey, readLabels, uniqueKeys, type Label, type LabelArray, type LabelColumn, type LabelKey } from "./labels";
import { Warnings, type MetricWarning } from "./result";
import { thresholdCounts, type ThresholdCounts } from "./threshold-counts";

/** A binary target read for curves: which samples are positive, their scores and weights. */
export interface BinaryTarget {
  positive: Uint8Array;
  score: Float64Array;
  weights: Float64Array | null;
  posLabel: Label;
}

/**
 * Reads y_true against a positive label (sklearn's _check_pos_label_consistency:
 * without pos_label, y_true must be in {0, 1} or {-1, 1}); more than two
 * classes are fine only with an explicit pos_label (one against the rest).
 * @example
 * readBinaryTarget(["a", "b"], [0.2, 0.9], { posLabel: "b" }).positive; // Uint8Array [0, 1]
 */
export function readBinaryTarget(yTrue: LabelArray, yScore: NumberArray, options: { posLabel?: Label; sampleWeight?: NumberArray; scoreName?: string }): BinaryTarget {
  const column = readLabels("y_true", yTrue);
  const score = readNumbers(options.scoreName ?? "y_score", yScore);
  checkLengths([["y_true", column.keys.length], [options.scoreName ?? "y_score", score.length]]);
  requireSamples("y_true", column.keys.length);
  return binaryTargetOf(column, score, { posLabel: options.posLabel, weights: readWeights(options.sampleWeight, column.keys.length) });
}

/**
 * The binary target of labels and scores already read and checked for
 * length, so callers that read them for their own checks do not read them twice.
 * @example
 * binaryTargetOf(readLabels("y_true", [0, 1]), Float64Array.of(0.2, 0.9), { weights: null }).positive; // Uint8Array [0, 1]
 */
export function binaryTargetOf(column: LabelColumn, score: Float64Array, options: { posLabel?: Label; weights: Float64Array | null }): BinaryTarget {
  const pos = readPositiveKey(column, options.posLabel);
  return { positive: markKey(column.keys, pos), score, weights: options.weights, posLabel: column.shown.get(pos) ?? pos };
}

/**
 * The positive class's key (sklearn's _check_pos_label_consistency): posLabel
 * when given (of y_true's label type), else 1 with y_true in {0, 1} or {-1, 1}.
 * @example
 * readPositiveKey(readLabels("y_true", [-1, 1]), undefined); // 1
 */
export function readPositiveKey(column: LabelColumn, posLabel: Label | undefined): LabelKey {
  const classes = uniqueKeys(column);
  if (posLabel === undefined || posLabel === null) {
    const ok = classes.every((c) => c === 0 || c === 1) || classes.every((c) => c === -1 || c === 1);
    if (!ok) {
      throw new EvaluateError("invalid_labels", `y_true takes values ${JSON.stringify(classes.slice(0, 10))} and pos_label is not given: make y_true take values in {0, 1} or {-1, 1}, or pass posLabel`, { argument: "pos_label" });
    }
    return 1;
  }
  const pos = labelKey("pos_label", posLabel);
  if (classes.length > 0 && typeof classes[0] !== typeof pos) {
    throw new EvaluateError("invalid_labels", `pos_label ${JSON.stringify(posLabel)} does not match the type of y_true's labels`, { argument: "pos_label" });
  }
  return pos;
}

/** fpr, tpr and their thresholds, the first threshold being Infinity (predict nothing positive). */
export interface RocCurve {
  fpr: number[];
  tpr: number[];
  thresholds: number[];
  warnings: MetricWarning[];
}

/**
 * sklearn's roc_curve. With dropIntermediate (default true) points collinear
 * with their neighbours are dropped; the AUC does not change.
 * @example
 * const { fpr, tpr, thresholds } = rocCurve([1, 1, 2, 2], [0.1, 0.4, 0.35, 0.8], { posLabel: 2 });
 * // fpr [0, 0, 0.5, 0.5, 1], tpr [0, 0.5, 0.5, 1, 1], thresholds [Infinity, 0.8, 0.4, 0.35, 0.1]
 */
export function rocCurve(yTrue: LabelArray, yScore: NumberArray, options: { posLabel?: Label; sampleWeight?: NumberArray; dropIntermediate?: boolean } = {}): RocCurve {
  const target = readBinaryTarget(yTrue, yScore, options);
  return rocCurveOf(target, options.dropIntermediate ?? true);
}

/**
 * The ROC curve of an already-read binary target.
 * @example
 * rocCurveOf(readBinaryTarget([0, 1], [0.2, 0.7], {}), true).tpr; // [0, 1, 1]
 */
export function rocCurveOf(target: BinaryTarget, dropIntermediate: boolean): RocCurve {
  let { fps, tps, thresholds } = thresholdCounts(target);
  if (dropIntermediate && fps.length > 2) {
    const keep = [0];
    for (let i = 1; i < fps.length - 1; i++) {
      // np.diff(x, 2) != 0: a corner in either coordinate.
      const df = (fps[i + 1]! - fps[i]!) - (fps[i]! - fps[i - 1]!);
      const dt = (tps[i + 1]! - tps[i]!) - (tps[i]! - tps[i - 1]!);
      if (df !== 0 || dt !== 0) keep.push(i);
    }
    keep.push(fps.length - 1);
    ({ fps, tps, thresholds } = pickPoints(keep, fps, tps, thresholds));
  }
  const warnings = new Warnings();
  const lastF = fps.length > 0 ? fps[fps.length - 1]! : 0;
  const lastT = tps.length > 0 ? tps[tps.length - 1]! : 0;
  if (lastF <= 0) warnings.add("no_negative_samples", "No negative samples in y_true; the false positive rate is undefined (NaN).");
  if (lastT <= 0) warnings.add("no_positive_samples", "No positive samples in y_true; the true positive rate is undefined (NaN).");
  const n = fps.length + 1;
  const fpr = new Array<number>(n);
  const tpr = new Array<number>(n);
  const all = new Array<number>(n);
  fpr[0] = lastF <= 0 ? NaN : 0;
  tpr[0] = lastT <= 0 ? NaN : 0;
  all[0] = Infinity;
  for (let i = 1; i < n; i++) {
    fpr[i] = lastF <= 0 ? NaN : fps[i - 1]! / lastF;
    tpr[i] = lastT <= 0 ? NaN : tps[i - 1]! / lastT;
    all[i] = thresholds[i - 1]!;
  }
  return { fpr, tpr, thresholds: all, warnings: warnings.list() };
}

/** Precision and recall per threshold (increasing), ending with precision 1 and recall 0. */
export interface PrecisionRecallCurve {
  precision: number[];
  recall: number[];
  thresholds: number[];
  warnings: MetricWarning[];
}

/**
 * sklearn's precision_recall_curve. Without positives in y_true, recall is
 * set to 1 at every threshold, with a warning.
 * @example
 * const { precision, recall } = precisionRecallCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
 * // precision [0.5, 0.666…, 0.5, 1, 1], recall [1, 1, 0.5, 0.5, 0]
 */
export function precisionRecallCurve(yTrue: LabelArray, probasPred: NumberArray, options: { posLabel?: Label; sampleWeight?: NumberArray; dropIntermediate?: boolean } = {}): PrecisionRecallCurve {
  return precisionRecallCurveOf(readBinaryTarget(yTrue, probasPred, options), options.dropIntermediate ?? false);
}

/**
 * The precision-recall curve of an already-read binary target.
 * @example
 * precisionRecallCurveOf(readBinaryTarget([0, 1], [0.2, 0.7], {}), false).precision; // [0.5, 1, 1]
 */
export function precisionRecallCurveOf(target: BinaryTarget, dropIntermediate: boolean): PrecisionRecallCurve {
  let { fps, tps, thresholds } = thresholdCounts(target);
  if (dropIntermediate && fps.length > 2) {
    const keep = [0];
    for (let i = 1; i < tps.length - 1; i++) if (tps[i] !== tps[i - 1] || tps[i + 1] !== tps[i]) keep.push(i);
    keep.push(tps.length - 1);
    ({ fps, tps, thresholds } = pickPoints(keep, fps, tps, thresholds));
  }
  const warnings = new Warnings();
  const total = tps.length > 0 ? tps[tps.length - 1]! : 0;
  if (total === 0) warnings.add("no_positive_samples", "No positive class found in y_true; recall is set to one for all thresholds.");
  // Reversed so recall decreases, then the (recall 0, precision 1) end point.
  const n = tps.length;
  const precision = new Array<number>(n + 1);
  const recall = new Array<number>(n + 1);
  const ordered = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const j = n - 1 - i;
    const predicted = tps[j]! + fps[j]!;
    precision[i] = predicted !== 0 ? tps[j]! / predicted : 0;
    recall[i] = total === 0 ? 1 : tps[j]! / total;
    ordered[i] = thresholds[j]!;
  }
  precision[n] = 1;
  recall[n] = 0;
  return { precision, recall, thresholds: ordered, warnings: warnings.list() };
}

function pickPoints(keep: number[], fps: Float64Array, tps: Float64Array, thresholds: Float64Array): ThresholdCounts {
  const out = { fps: new Float64Array(keep.length), tps: new Float64Array(keep.length), thresholds: new Float64Array(keep.length) };
  keep.forEach((i, j) => {
    out.fps[j] = fps[i]!;
    out.tps[j] = tps[i]!;
    out.thresholds[j] = thresholds[i]!;
  });
  return out;
}
