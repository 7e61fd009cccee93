import type { JsonValue } from "../data/errors";

/**
 * Why a feature primitive refused or failed. `details` is plain JSON (it
 * crosses into the isolate), naming the transform, column or key at fault so
 * callers need not parse the message.
 */
export type FeatureErrorCode =
  /** The definition or a feature view is malformed (zod issues, unknown names, bad chains). */
  | "invalid_definition"
  /** A dataset lacks a column the feature set or view needs, or has it with another type. */
  | "schema_mismatch"
  /** Training data cannot give a parameter (no non-null value, a non-finite mean, …). */
  | "cannot_fit"
  /** An online record is missing a field or holds a value of the wrong type. */
  | "invalid_record"
  /** A stored feature set does not parse or does not match its version. */
  | "corrupt_artifact"
  | "not_found"
  | "invalid_argument";

export class FeatureError extends Error {
  readonly code: FeatureErrorCode;
  readonly details: { [key: string]: JsonValue };

  constructor(code: FeatureErrorCode, message: string, details: { [key: string]: JsonValue } = {}) {
    super(message);
    this.name = "FeatureError";
    this.code = code;
    this.details = details;
  }
}
