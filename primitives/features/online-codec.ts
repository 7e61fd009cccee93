import canonicalize from "canonicalize";
import type { JsonValue } from "../data/errors";
import { FeatureError } from "./errors";
import { parseTimestamp } from "./values";

/**
 * How online values travel and rest as JSON. JSON has no NaN, Infinity or
 * -0 (JSON.stringify turns the first two into null and the last into 0), so
 * those floats are tagged `{"$float": "NaN"}` and read back as the same
 * bits. Entity keys are the canonical JSON of the key columns as an object,
 * so `{ user_id: "u1" }` finds the row whatever order the fields come in.
 */
const FLOAT_TAG = "$float";
const SPECIAL: Record<string, number> = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, "-Infinity": Number.NEGATIVE_INFINITY, "-0": -0 };

/** A key column's value: what equality can find. */
export type KeyValue = string | number | boolean;

/**
 * A value as JSON, floats tagged where JSON cannot hold them; fails naming the field for what JSON cannot carry.
 * @example
 * encodeOnlineValue(Number.NaN, "score"); // { $float: "NaN" }
 */
export function encodeOnlineValue(value: unknown, field: string): JsonValue {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (Number.isFinite(value) && !Object.is(value, -0)) return value;
    return { [FLOAT_TAG]: Object.is(value, -0) ? "-0" : String(value) };
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item, i) => encodeOnlineValue(item, `${field}[${i}]`));
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    if (Object.hasOwn(value, FLOAT_TAG)) throw new FeatureError("invalid_argument", `feature "${field}": the key ${FLOAT_TAG} is reserved`, { field });
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeOnlineValue(v, `${field}.${k}`)]));
  }
  throw new FeatureError("invalid_argument", `feature "${field}" holds a ${typeof value}, which the online store cannot keep`, { field });
}

/**
 * The value an encoded one stands for.
 * @example
 * decodeOnlineValue({ $float: "-0" }); // -0
 */
export function decodeOnlineValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeOnlineValue);
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0]![0] === FLOAT_TAG && typeof entries[0]![1] === "string" && entries[0]![1] in SPECIAL) return SPECIAL[entries[0]![1]];
    return Object.fromEntries(entries.map(([k, v]) => [k, decodeOnlineValue(v)]));
  }
  return value;
}

/**
 * The stored key of an entity: canonical JSON of its key columns.
 * @example
 * entityKeyOf({ user_id: "u1", region: 3 }); // '{"region":3,"user_id":"u1"}'
 */
export function entityKeyOf(key: Readonly<Record<string, KeyValue>>): string {
  for (const [name, value] of Object.entries(key)) {
    const ok = typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value));
    if (!ok) throw new FeatureError("invalid_argument", `entity key "${name}" must be a string, a finite number or a boolean`, { field: name });
  }
  return canonicalize(key)!;
}

const FRACTION = /\.(\d+)/;

/**
 * An ISO date-time as fixed-width UTC text with microseconds, the form the
 * store compares as text: `2024-01-10T12:00:00.000001Z`. No zone means UTC.
 * @example
 * canonicalTimestamp("2024-01-10 14:00:00.5+02:00"); // "2024-01-10T12:00:00.500000Z"
 */
export function canonicalTimestamp(text: string, field = "timestamp"): string {
  const ms = parseTimestamp(text);
  const year = Number.isFinite(ms) ? new Date(ms).getUTCFullYear() : NaN;
  if (!(year >= 1 && year <= 9999)) {
    throw new FeatureError("invalid_argument", `${field} must be an ISO date-time between years 1 and 9999, got ${JSON.stringify(text.slice(0, 40))}`, { field });
  }
  // Offsets are whole minutes: the digits past the millisecond never change with the zone.
  const micros = (FRACTION.exec(text)?.[1] ?? "").padEnd(6, "0").slice(3, 6);
  return `${new Date(ms).toISOString().slice(0, 23)}${micros}Z`;
}
