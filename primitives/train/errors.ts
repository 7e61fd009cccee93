/**
 * Why training refused its input or stopped. `code` is a closed union so
 * callers (the host module, tests, the tracking helper) switch on it; `details`
 * is plain JSON that crosses into the isolate and into run records.
 */
import type { JsonValue } from "../data/errors";

export type TrainErrorCode =
  /** An option is missing, out of range or of the wrong type. */
  | "invalid_argument"
  /** A named column is absent, or the feature count differs from the model's. */
  | "schema_mismatch"
  /** A feature is text, a date or another non-number and no transform encoded it. */
  | "non_numeric_feature"
  /** NULL, NaN or an infinity in a feature or the target. */
  | "missing_values"
  /** Features and targets of different lengths, or ragged rows. */
  | "length_mismatch"
  /** A classifier's target has only one class. */
  | "single_class"
  /** A class the model was not trained on. */
  | "unseen_class"
  /** More values than training keeps in memory. */
  | "too_large"
  /** Stopped by an interrupt before any epoch finished: there is no checkpoint. */
  | "interrupted"
  /** The loss became NaN or infinite (learning rate too high, usually). */
  | "diverged";

export class TrainError extends Error {
  readonly code: TrainErrorCode;
  readonly details: { [key: string]: JsonValue };

  constructor(code: TrainErrorCode, message: string, details: { [key: string]: JsonValue } = {}) {
    super(message);
    this.name = "TrainError";
    this.code = code;
    this.details = details;
  }
}

/**
 * Whether `error` is a TrainError (by its name and code, not instanceof: a
 * bundled child may hold two copies of this module).
 * @example
 * try { await fit(...) } catch (e) { if (isTrainError(e) && e.code === "single_class") ... }
 */
export function isTrainError(error: unknown): error is TrainError {
  return error instanceof Error && error.name === "TrainError" && typeof (error as { code?: unknown }).code === "string";
}
