import { EvaluateError } from "./errors";
import { checkLengths, readWeights } from "./inputs";
import { pairwiseSum } from "./summation";
import { commonKind, readLabels, uniqueKeys, type LabelColumn, type LabelKey } from "./labels";

/** y_true and y_pred read, checked and aligned, as sklearn's _check_targets leaves them. */
export interface Targets {
  yTrue: LabelColumn;
  yPred: LabelColumn;
  /** "binary" when the two together hold at most two labels. */
  type: "binary" | "multiclass";
  /** Sorted labels present in either. */
  present: LabelKey[];
  kind: "number" | "string" | null;
  weights: Float64Array | null;
}

/**
 * Reads true and predicted labels (and weights), checking lengths and label types.
 * @example
 * readTargets([0, 1, 2], [0, 2, 1]).type; // "multiclass"
 */
export function readTargets(yTrue: unknown, yPred: unknown, sampleWeight?: unknown): Targets {
  const t = readLabels("y_true", yTrue);
  const p = readLabels("y_pred", yPred);
  checkLengths([["y_true", t.keys.length], ["y_pred", p.keys.length]]);
  const kind = commonKind([t, p]);
  const present = uniqueKeys(t, p);
  const weights = readWeights(sampleWeight, t.keys.length);
  return { yTrue: t, yPred: p, type: present.length <= 2 ? "binary" : "multiclass", present, kind, weights };
}

/**
 * Fails when an average other than per-class needs a total weight above zero.
 * @example
 * requirePositiveTotal(new Float64Array([0, 0])); // throws
 */
export function requirePositiveTotal(weights: Float64Array | null, n: number, what: string): number {
  const total = weights ? pairwiseSum(weights) : n;
  if (!(total > 0)) {
    throw new EvaluateError("invalid_argument", weights ? `sample_weight sums to 0, so ${what} is undefined` : `${what} needs at least one sample`, {});
  }
  return total;
}
