/**
 * The one error contract of the HTTP API: every failure is
 * `{ error: { code, message } }` with the status below.
 */
export const ERROR_STATUS = {
  invalid_json: 400,
  invalid_body: 400,
  invalid_id: 400,
  /** A run search filter or order that does not parse (the message names the token). */
  invalid_filter: 400,
  weak_password: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  csrf_failed: 403,
  forbidden: 403,
  signup_closed: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  /** A run param logged again with a different value (params are write-once). */
  param_conflict: 409,
  /** A write to an ended run, or a change of an ended run's status. */
  run_ended: 409,
  invite_used: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  not_implemented: 501,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

const APP_ERROR = "tracebook.app-error";

/**
 * An expected failure with a code the client can act on. Recognised by its
 * brand, not `instanceof`: the Next.js bundle and the server process load
 * separate copies of this module.
 */
export class AppError extends Error {
  readonly brand = APP_ERROR;
  readonly status: number;
  readonly headers: Record<string, string>;
  constructor(
    readonly code: ErrorCode,
    message: string,
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "AppError";
    this.status = ERROR_STATUS[code];
    this.headers = headers;
  }
}

export function isAppError(value: unknown): value is AppError {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { brand?: unknown }).brand === APP_ERROR &&
    typeof (value as { code?: unknown }).code === "string"
  );
}

export function errorBody(code: ErrorCode, message: string): ErrorBody {
  return { error: { code, message } };
}
