import { precisionRecallCurveOf, rocCurveOf, type BinaryTarget } from "./curves";
import { pairwiseSum } from "./summation";
import { EvaluateError } from "./errors";
import type { MetricResult } from "./result";

/**
 * Area under a curve by the trapezoidal rule (sklearn's auc): x must be
 * monotonic, increasing or decreasing.
 * @example
 * auc([0, 0.5, 1], [0, 1, 1]); // 0.75
 */
export function auc(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) throw new EvaluateError("length_mismatch", `x has ${x.length} points and y ${y.length}`, {});
  if (x.length < 2) throw new EvaluateError("invalid_argument", `at least 2 points are needed to compute an area under a curve, got ${x.length}`, {});
  let direction = 1;
  let decreasing = false;
  let increasing = false;
  for (let i = 1; i < x.length; i++) {
    const d = x[i]! - x[i - 1]!;
    if (d < 0) decreasing = true;
    if (d > 0) increasing = true;
  }
  if (decreasing) {
    if (increasing) throw new EvaluateError("invalid_argument", "x is neither increasing nor decreasing", {});
    direction = -1;
  }
  const parts = new Float64Array(x.length - 1);
  for (let i = 1; i < x.length; i++) parts[i - 1] = ((x[i]! - x[i - 1]!) * (y[i]! + y[i - 1]!)) / 2;
  return direction * pairwiseSum(parts);
}

/**
 * sklearn's _binary_roc_auc_score: NaN (with a warning) unless y_true holds
 * both classes; with maxFpr, the McClish-standardized partial AUC.
 * @example
 * binaryRocAuc(readBinaryTarget([0, 1], [0, 1], {}), undefined).value; // 1
 */
export function binaryRocAuc(target: BinaryTarget, maxFpr: number | undefined): MetricResult {
  let hasPos = false;
  let hasNeg = false;
  const { positive } = target;
  for (let i = 0; i < positive.length && !(hasPos && hasNeg); i++) {
    if (positive[i]) hasPos = true;
    else hasNeg = true;
  }
  if (!(hasPos && hasNeg)) {
    return { value: NaN, warnings: [{ code: "single_class", message: "Only one class is present in y_true; ROC AUC is not defined in that case (NaN)." }] };
  }
  const curve = rocCurveOf(target, true);
  if (maxFpr === undefined || maxFpr === 1) return { value: auc(curve.fpr, curve.tpr), warnings: curve.warnings };
  if (!(maxFpr > 0 && maxFpr <= 1)) throw new EvaluateError("invalid_argument", `maxFpr must be in (0, 1], got ${maxFpr}`, { argument: "max_fpr" });
  const { fpr, tpr } = curve;
  let stop = 0;
  while (stop < fpr.length && fpr[stop]! <= maxFpr) stop++;
  const x0 = fpr[stop - 1]!;
  const x1 = fpr[stop]!;
  const y0 = tpr[stop - 1]!;
  const y1 = tpr[stop]!;
  const slope = (y1 - y0) / (x1 - x0);
  const yAt = slope * (maxFpr - x0) + y0; // np.interp between the two neighbours
  const partial = auc([...fpr.slice(0, stop), maxFpr], [...tpr.slice(0, stop), yAt]);
  const minArea = 0.5 * maxFpr ** 2;
  const maxArea = maxFpr;
  return { value: 0.5 * (1 + (partial - minArea) / (maxArea - minArea)), warnings: curve.warnings };
}

/**
 * Average precision of a binary target: Σ (R_n − R_{n−1}) P_n over the
 * precision-recall curve, without interpolation.
 * @example
 * binaryAveragePrecision(readBinaryTarget([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], {})).value; // 0.8333…
 */
export function binaryAveragePrecision(target: BinaryTarget): MetricResult {
  const { precision, recall, warnings } = precisionRecallCurveOf(target, false);
  const steps = new Float64Array(recall.length - 1);
  for (let i = 1; i < recall.length; i++) steps[i - 1] = (recall[i]! - recall[i - 1]!) * precision[i - 1]!;
  return { value: Math.max(0, -pairwiseSum(steps)), warnings };
}
