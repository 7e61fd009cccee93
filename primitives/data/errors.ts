/**
 * Why a data primitive refused or failed. `details` is plain JSON (it crosses
 * into the isolate and into lineage facets), so callers can list the bad
 * lines or columns without parsing the message.
 */
export type DataErrorCode =
  | "too_large"
  | "not_found"
  | "unsupported_format"
  | "bad_lines"
  | "bad_encoding"
  | "unreadable"
  | "schema_mismatch"
  | "invalid_argument"
  | "leakage"
  /** data.query: the database refused the SQL (details: sqlstate, position in the cell's SQL). */
  | "sql_error"
  | "permission_denied"
  | "timeout"
  | "unknown_connection"
  /** data.query: the database cannot be reached, or the store cannot run cells' SQL safely. */
  | "unavailable";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export class DataError extends Error {
  readonly code: DataErrorCode;
  readonly details: { [key: string]: JsonValue };

  constructor(code: DataErrorCode, message: string, details: { [key: string]: JsonValue } = {}) {
    super(message);
    this.name = "DataError";
    this.code = code;
    this.details = details;
  }
}

/**
 * The message of anything thrown (DuckDB throws plain Errors).
 * @example
 * describeError(new Error("boom")); // "boom"
 */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
