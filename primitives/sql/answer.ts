import type { JsonValue } from "../data/errors";

/**
 * What the server's `sql.query` service answers a kernel child: where the
 * rows are (an NDJSON file, one object per row keyed `c0`, `c1`, … in column
 * order, every value as Postgres text or null) and how to type them, or why
 * the query failed. Failures are an answer, not a thrown service error, so
 * their own codes and details (a SQL error's position) reach the cell.
 */
export interface SqlResultColumn {
  name: string;
  /** The DuckDB type the text values load as (pg-types.ts). */
  type: string;
}

export type SqlErrorCode = "sql_error" | "permission_denied" | "timeout" | "too_large" | "unknown_connection" | "unavailable";

export interface SqlFailure {
  code: SqlErrorCode;
  message: string;
  details: { [key: string]: JsonValue };
}

export type SqlAnswer =
  | {
      ok: true;
      file: string;
      columns: SqlResultColumn[];
      rowCount: number;
      bytes: number;
      /** The lineage namespace of the source: `tracebook` or `postgres://host:port/db`. */
      namespace: string;
    }
  | { ok: false; error: SqlFailure };

/** A failure on the server side, turned into `{ ok: false, error }` by the service. */
export class SqlQueryError extends Error {
  constructor(
    readonly code: SqlErrorCode,
    message: string,
    readonly details: { [key: string]: JsonValue } = {},
  ) {
    super(message);
    this.name = "SqlQueryError";
  }
}
