/**
 * SQL text helpers. Column names come from user files and user code, so every
 * identifier and literal that is not a bound parameter goes through these.
 */

/**
 * `"col"` with embedded quotes doubled.
 * @example
 * quoteIdent('my "col"'); // '"my ""col"""'
 */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * `'text'` with embedded quotes doubled.
 * @example
 * quoteLiteral("it's"); // "'it''s'"
 */
export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * A SQL literal for a JSON scalar (numbers stay numeric, so comparisons keep their type).
 * @example
 * toSqlLiteral("FR"); // "'FR'"
 */
export function toSqlLiteral(value: string | number | boolean | null): string {
  if (value === null) return "NULL";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  return quoteLiteral(value);
}

const NUMERIC_TYPES = new Set([
  "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT",
  "FLOAT", "DOUBLE",
]);

/**
 * Whether a DuckDB column type holds numbers (DECIMAL(p,s) included).
 * @example
 * isNumericType("DECIMAL(18,3)"); // true
 */
export function isNumericType(duckType: string): boolean {
  return NUMERIC_TYPES.has(duckType) || duckType.startsWith("DECIMAL");
}

/**
 * Whether a DuckDB column type is a date or timestamp.
 * @example
 * isTemporalType("TIMESTAMP WITH TIME ZONE"); // true
 */
export function isTemporalType(duckType: string): boolean {
  return duckType === "DATE" || duckType.startsWith("TIMESTAMP");
}

/**
 * A DOUBLE literal that round-trips exactly (a bare `34.28…` would parse as
 * DECIMAL first, which can differ from the double in the last bit).
 * @example
 * doubleLiteral(0.1); // "CAST('0.1' AS DOUBLE)"
 */
export function doubleLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  return `CAST('${String(value)}' AS DOUBLE)`;
}
