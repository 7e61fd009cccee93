import { SqlQueryError } from "./answer";

/**
 * Postgres errors (node-postgres's and PGlite's DatabaseError carry the same
 * fields) as `SqlQueryError`s a cell can act on: the SQLSTATE, the message,
 * and the position counted in the cell's SQL, not in the DECLARE around it.
 */
interface PgErrorFields {
  code: string;
  message: string;
  position?: string;
  hint?: string;
  detail?: string;
}

/** The error fields when `error` came from the database, else null. */
export function pgErrorFields(error: unknown): PgErrorFields | null {
  if (!(error instanceof Error)) return null;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== "string" || !/^[0-9A-Z]{5}$/.test(code)) return null;
  const text = (key: string) => {
    const value = (error as unknown as Record<string, unknown>)[key];
    return typeof value === "string" && value !== "" ? value : undefined;
  };
  return { code, message: error.message, position: text("position"), hint: text("hint"), detail: text("detail") };
}

/**
 * @example
 * toSqlQueryError(error, { offset: 44, source: "tracebook" });
 * // SqlQueryError sql_error: column "nosuch" does not exist at position 8 (SQLSTATE 42703)
 */
export function toSqlQueryError(error: unknown, where: { offset: number; source: string; sqlLength: number }): SqlQueryError | null {
  const fields = pgErrorFields(error);
  if (!fields) return null;
  const raw = fields.position === undefined ? null : Number(fields.position);
  const position = raw !== null && raw > where.offset && raw - where.offset <= where.sqlLength + 1 ? raw - where.offset : null;
  const details = {
    sqlstate: fields.code,
    position,
    source: where.source,
    ...(fields.hint ? { hint: fields.hint } : {}),
    ...(fields.detail ? { detail: fields.detail } : {}),
  };
  const at = position === null ? "" : ` at position ${position}`;
  const hint = fields.hint ? ` (hint: ${fields.hint})` : "";
  if (fields.code === "42501") {
    const readable = where.source === "tracebook" ? "; on the Tracebook store cells read only the lineage, dataset, feature and experiment tables" : "";
    return new SqlQueryError("permission_denied", `${fields.message}${readable}`, details);
  }
  if (fields.code === "57014") return new SqlQueryError("timeout", `${fields.message}: the query ran past its time limit (pass a larger { timeoutMs } or narrow the query)`, details);
  if (fields.code === "25006") return new SqlQueryError("sql_error", `${fields.message}: data.query only reads`, details);
  // DECLARE … CURSOR FOR takes only a query: anything else fails right where the cell's SQL starts.
  if (fields.code === "42601" && position === 1) {
    return new SqlQueryError("sql_error", `${fields.message}${at}: data.query runs one SELECT, WITH, VALUES or TABLE statement`, details);
  }
  return new SqlQueryError("sql_error", `${fields.message}${at}${hint} (SQLSTATE ${fields.code})`, details);
}
