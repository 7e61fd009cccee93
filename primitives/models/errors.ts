/**
 * Why a model operation refused: a stored model that does not read back, an
 * ONNX file that does not load or does not match its declared schema. Input
 * problems at predict time (missing columns, NaN) are TrainErrors, the same
 * as at training time.
 */
import type { JsonValue } from "../data/errors";

export type ModelErrorCode =
  /** The artifact is not a Tracebook model, or it is damaged. */
  | "invalid_artifact"
  /** onnxruntime could not load the file. */
  | "onnx_invalid"
  /** The ONNX model's inputs or outputs differ from the declared schema. */
  | "onnx_schema_mismatch"
  /** The model uses something the ONNX export does not write. */
  | "unsupported"
  /** Bigger than the size limit. */
  | "too_large";

export class ModelError extends Error {
  readonly code: ModelErrorCode;
  readonly details: { [key: string]: JsonValue };

  constructor(code: ModelErrorCode, message: string, details: { [key: string]: JsonValue } = {}) {
    super(message);
    this.name = "ModelError";
    this.code = code;
    this.details = details;
  }
}
