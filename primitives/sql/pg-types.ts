/**
 * Postgres type OIDs to the DuckDB types `data.query` results load as. The
 * values travel as Postgres's text form and DuckDB casts them; anything not
 * listed (text, uuid, json, arrays, intervals, bytea, enums, …) stays text.
 * `numeric` becomes DOUBLE: DuckDB's DECIMAL holds at most 38 digits and an
 * unconstrained numeric column has no fixed scale to give it.
 */
const DUCKDB_TYPES: Readonly<Record<number, string>> = {
  16: "BOOLEAN",
  20: "BIGINT",
  21: "SMALLINT",
  23: "INTEGER",
  26: "BIGINT",
  700: "FLOAT",
  701: "DOUBLE",
  1700: "DOUBLE",
  1082: "DATE",
  1083: "TIME",
  1114: "TIMESTAMP",
  1184: "TIMESTAMPTZ",
};

/**
 * The DuckDB type for a Postgres column.
 * @example
 * duckdbTypeOf(20); // "BIGINT"
 * duckdbTypeOf(2950); // "VARCHAR" (uuid)
 */
export function duckdbTypeOf(oid: number): string {
  return DUCKDB_TYPES[oid] ?? "VARCHAR";
}
