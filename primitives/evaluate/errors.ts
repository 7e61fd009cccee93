import type { JsonValue } from "../data/errors";

/**
 * Why an evaluation refused its input. Bad input never yields a number: it
 * fails with one of these codes, a message naming the argument and what is
 * wrong, and plain-JSON `details` (they cross into the isolate).
 */
export type EvaluateErrorCode =
  /** An option has a wrong value or type (average, zero_division, n_bins, …). */
  | "invalid_argument"
  /** Arrays that must be aligned (y_true, y_pred, scores, weights, groups) differ in length. */
  | "length_mismatch"
  /** NaN, ±Infinity or null in a numeric input. */
  | "non_finite"
  /** No samples at all. */
  | "empty_input"
  /** Labels of mixed types, continuous values where labels are expected, or an unsupported target. */
  | "invalid_labels"
  /** A label absent from the declared classes (the `labels` argument or the score columns). */
  | "unseen_label"
  /** A column is missing or has the wrong type. */
  | "schema_mismatch"
  /** More rows than one evaluation reads into memory. */
  | "too_large";

/**
 * @example
 * throw new EvaluateError("length_mismatch", "inputs differ in length: y_true has 3, y_pred has 2", { lengths: { y_true: 3, y_pred: 2 } });
 */
export class EvaluateError extends Error {
  readonly code: EvaluateErrorCode;
  readonly details: { [key: string]: JsonValue };

  constructor(code: EvaluateErrorCode, message: string, details: { [key: string]: JsonValue } = {}) {
    super(message);
    this.name = "EvaluateError";
    this.code = code;
    this.details = details;
  }
}
