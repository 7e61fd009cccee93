import type { z } from "zod";
import type { DataEngine, Row } from "../data/engine";
import { doubleLiteral, toSqlLiteral } from "../data/sql";
import type { TransformSpec } from "./definition";
import { FeatureError } from "./errors";
import type { FeatureValue, Slot, ValueKind } from "./values";

/**
 * One kind of transform, both ways: `sql` builds the offline expression
 * (DuckDB, over a whole dataset) and `apply` computes the same value for one
 * online record. They sit side by side so the two can be read against each
 * other: the same float64 operations in the same order, which IEEE 754
 * rounds identically on both sides (+, -, *, /, comparisons). Anything the C
 * library computes (ln) goes through a JS function registered in DuckDB
 * instead (see functions.ts).
 */
export interface TransformKind<S extends TransformSpec, P> {
  /** The value kinds each input may have. */
  accepts(spec: S): readonly ValueKind[];
  /** Output columns (names, DuckDB types, kinds), in order. */
  outputs(spec: S, params: P, inputs: readonly ValueKind[]): OutputColumn[];
  /** Computes the parameters from the training data (`ctx.relation` holds every input). */
  fit(spec: S, inputs: readonly Slot[], ctx: FitContext): Promise<P>;
  /** One SQL expression per output, over the inputs' slots. */
  sql(spec: S, params: P, inputs: readonly Slot[]): string[];
  /** The outputs for one record's inputs (already read with readValue). */
  apply(spec: S, params: P, values: InputValues): FeatureValue[];
  /** Checks parameters read back from a stored feature set. */
  params: z.ZodType<P>;
}

/** A transform's input values, in input order (there is always at least one). */
export type InputValues = readonly [FeatureValue, ...FeatureValue[]];

export type OutputType = "DOUBLE" | "INTEGER" | "BIGINT" | "VARCHAR" | "BOOLEAN";

export interface OutputColumn {
  name: string;
  type: OutputType;
  kind: ValueKind;
}

export interface FitContext {
  engine: DataEngine;
  /** A parenthesized subquery with an alias, usable after FROM. */
  relation: string;
  /** `transform "age_z" (standardize)`, for error messages. */
  label: string;
}

/**
 * The one row of an aggregate over the training data.
 * @example
 * const row = await queryOne(ctx, `SELECT min(${v}) AS lo FROM ${ctx.relation}`);
 */
export async function queryOne(ctx: FitContext, sql: string): Promise<Row> {
  const [row] = await ctx.engine.query(sql);
  return row ?? {};
}

/**
 * A fitted number that must be finite (JSON cannot hold the rest), with -0
 * made +0 (JSON would drop the sign, and stored and in-memory parameters
 * must be the same bits).
 * @example
 * finiteParam(ctx, "mean", row.mean); // 41.5
 */
export function finiteParam(ctx: FitContext, what: string, value: unknown): number {
  const n = typeof value === "number" ? value : Number.NaN;
  if (!Number.isFinite(n)) {
    throw new FeatureError("cannot_fit", `${ctx.label}: the training data gives a ${what} of ${String(value)}; it must be a finite number`, { what });
  }
  return n === 0 ? 0 : n;
}

/**
 * Refuses a fit over no usable values.
 * @example
 * requireValues(ctx, Number(row.n));
 */
export function requireValues(ctx: FitContext, count: number): void {
  if (count === 0) throw new FeatureError("cannot_fit", `${ctx.label}: the training data has no non-null values to fit`);
}

/**
 * DOUBLE literals for float parameters; other scalars as SQL literals of their own type.
 * @example
 * paramLiteral(0.1, "float"); // "CAST('0.1' AS DOUBLE)"
 */
export function paramLiteral(value: string | number | boolean, kind: ValueKind): string {
  if (typeof value === "number") return kind === "integer" ? `CAST(${String(value)} AS BIGINT)` : doubleLiteral(value);
  return toSqlLiteral(value);
}

/**
 * The DuckDB type an output of this kind gets.
 * @example
 * outputTypeOf("integer"); // "BIGINT"
 */
export function outputTypeOf(kind: ValueKind): OutputType {
  switch (kind) {
    case "integer":
      return "BIGINT";
    case "float":
      return "DOUBLE";
    case "string":
      return "VARCHAR";
    case "boolean":
      return "BOOLEAN";
    default:
      throw new Error(`no output type for ${kind}`);
  }
}
