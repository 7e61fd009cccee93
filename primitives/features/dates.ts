import { z } from "zod";
import type { DatePart, TransformSpec } from "./definition";
import type { TransformKind } from "./transform-kind";
import { utcTimestampSql } from "./values";

/**
 * Date parts in UTC, as integers (exact on both sides). Day of week counts
 * from Sunday = 0, as DuckDB's `dayofweek` and JS's `getUTCDay`.
 */
type Spec = Extract<TransformSpec, { type: "dateParts" }>;

const SQL_PARTS: Record<DatePart, string> = {
  year: "year", quarter: "quarter", month: "month", day: "day", dayOfWeek: "dayofweek",
  dayOfYear: "dayofyear", hour: "hour", minute: "minute", second: "second",
};

export const datePartsKind: TransformKind<Spec, Record<string, never>> = {
  accepts: () => ["date", "timestamp"],
  outputs: (spec) => spec.parts.map((part) => ({ name: `${spec.name}_${part}`, type: "INTEGER", kind: "integer" })),
  fit: async () => ({}),
  sql: (spec, _params, [slot]) => spec.parts.map((part) => `${SQL_PARTS[part]}(${utcTimestampSql(slot!)})`),
  apply: (spec, _params, [v]) => spec.parts.map((part) => (v === null ? null : partOf(v as number, part))),
  params: z.strictObject({}),
};

/**
 * One UTC part of an instant given as epoch milliseconds.
 * @example
 * partOf(Date.UTC(2024, 0, 7, 10), "dayOfWeek"); // 0 (a Sunday)
 */
export function partOf(epochMs: number, part: DatePart): number {
  const date = new Date(epochMs);
  switch (part) {
    case "year":
      return date.getUTCFullYear();
    case "quarter":
      return Math.floor(date.getUTCMonth() / 3) + 1;
    case "month":
      return date.getUTCMonth() + 1;
    case "day":
      return date.getUTCDate();
    case "dayOfWeek":
      return date.getUTCDay();
    case "dayOfYear": {
      const start = new Date(0);
      start.setUTCFullYear(date.getUTCFullYear(), 0, 1);
      const midnight = new Date(0);
      midnight.setUTCFullYear(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
      return Math.round((midnight.getTime() - start.getTime()) / 86_400_000) + 1;
    }
    case "hour":
      return date.getUTCHours();
    case "minute":
      return date.getUTCMinutes();
    case "second":
      return date.getUTCSeconds();
  }
}
