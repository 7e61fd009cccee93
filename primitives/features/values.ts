import type { ColumnSchema } from "../data/dataset";
import { FeatureError } from "./errors";

/**
 * The value kinds features work with, and how one value reads on each side:
 * as a SQL expression over a DuckDB column (offline) and as a JS value read
 * from a record (online). Both sides agree on what is missing: null, and for
 * floats also NaN (DuckDB orders NaN above every number while JS compares it
 * false with everything, so NaN could only bucket differently).
 */
export type ValueKind = "integer" | "float" | "string" | "boolean" | "date" | "timestamp";

/** What a feature value is in JS. Temporal inputs read as epoch milliseconds. */
export type FeatureValue = number | string | boolean | null;

/** A named value source during a transform: a dataset column or an earlier transform's output. */
export interface Slot {
  /** Quoted SQL column reference in the staged relation. */
  ref: string;
  /** DuckDB type of that column. */
  type: string;
  kind: ValueKind;
}

/**
 * The kind of a dataset column, or null when features cannot use it (lists, structs, blobs…).
 * @example
 * kindOfColumn({ name: "price", type: "DECIMAL(10,2)", kind: "decimal" }); // "float"
 */
export function kindOfColumn(column: ColumnSchema): ValueKind | null {
  switch (column.kind) {
    case "integer":
      return "integer";
    case "float":
    case "decimal":
      return "float";
    case "string":
    case "boolean":
    case "date":
    case "timestamp":
      return column.kind;
    default:
      return null;
  }
}

/**
 * A slot's value as a SQL expression: numbers as DOUBLE with NaN as null,
 * other kinds as they are.
 * @example
 * valueSql({ ref: '"age"', type: "BIGINT", kind: "integer" }); // 'CAST("age" AS DOUBLE)'
 */
export function valueSql(slot: Slot): string {
  if (slot.kind === "integer") return `CAST(${slot.ref} AS DOUBLE)`;
  if (slot.kind === "float") return `CASE WHEN isnan(CAST(${slot.ref} AS DOUBLE)) THEN NULL ELSE CAST(${slot.ref} AS DOUBLE) END`;
  return slot.ref;
}

/**
 * A date or timestamp slot as a TIMESTAMP in UTC. TIMESTAMPTZ goes through
 * epoch microseconds so the session time zone never enters.
 * @example
 * utcTimestampSql({ ref: '"ts"', type: "TIMESTAMP WITH TIME ZONE", kind: "timestamp" }); // 'make_timestamp(epoch_us("ts"))'
 */
export function utcTimestampSql(slot: Slot): string {
  if (slot.type === "TIMESTAMP WITH TIME ZONE") return `make_timestamp(epoch_us(${slot.ref}))`;
  return `CAST(${slot.ref} AS TIMESTAMP)`;
}

/**
 * Reads one record value as the kind expects, or fails naming the field.
 * null stays null; NaN in a float is null; temporal values (Date or ISO
 * text, no zone meaning UTC) become epoch milliseconds.
 * @example
 * readValue(3, "integer", "age"); // 3
 * readValue("2024-03-05 10:00:00", "timestamp", "seen_at"); // 1709632800000
 */
export function readValue(raw: unknown, kind: ValueKind, field: string): FeatureValue {
  if (raw === null) return null;
  const wrong = (expected: string): never => {
    throw new FeatureError("invalid_record", `field "${field}" must be ${expected}, got ${describe(raw)}`, { field, expected });
  };
  switch (kind) {
    case "integer":
      if (typeof raw === "number" && Number.isSafeInteger(raw)) return raw;
      if (typeof raw === "bigint" && Number.isSafeInteger(Number(raw))) return Number(raw);
      return wrong("an integer");
    case "float":
      if (typeof raw !== "number") return wrong("a number");
      return Number.isNaN(raw) ? null : raw;
    case "string":
      return typeof raw === "string" ? raw : wrong("a string");
    case "boolean":
      return typeof raw === "boolean" ? raw : wrong("a boolean");
    case "date":
    case "timestamp": {
      const ms = raw instanceof Date ? raw.getTime() : typeof raw === "string" ? parseTimestamp(raw) : NaN;
      return Number.isFinite(ms) ? ms : wrong("a Date or an ISO date/time text");
    }
  }
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Epoch milliseconds of an ISO date or date-time; no zone means UTC (as
 * DuckDB's TIMESTAMP), digits past milliseconds are cut (as DuckDB's parts
 * read them). NaN when the text is not a valid date.
 * @example
 * parseTimestamp("2024-03-05T10:00:00+02:00"); // 1709625600000
 */
export function parseTimestamp(text: string): number {
  const m = ISO.exec(text.trim());
  if (!m) return NaN;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  const ms = Number((m[7] ?? "").padEnd(3, "0").slice(0, 3));
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0-99 to 1900-1999.
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  const valid = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60 && second < 60;
  if (!valid) return NaN;
  return date.getTime() - offsetMinutes(m[8]) * 60_000;
}

function offsetMinutes(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === "Z") return 0;
  const digits = zone.slice(1).replace(":", "");
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0);
  return zone.startsWith("-") ? -minutes : minutes;
}

function describe(value: unknown): string {
  if (value instanceof Date) return "an invalid Date";
  if (typeof value === "string") return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) return "an array";
  return typeof value;
}
