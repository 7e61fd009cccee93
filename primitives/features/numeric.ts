import { z } from "zod";
import type { TransformSpec } from "./definition";
import { FeatureError } from "./errors";
import { LN_FUNCTION } from "./functions";
import { finiteParam, outputTypeOf, paramLiteral, queryOne, requireValues, type FitContext, type TransformKind } from "./transform-kind";
import { valueSql, type FeatureValue, type Slot, type ValueKind } from "./values";
import { doubleLiteral } from "../data/sql";

/**
 * Numeric transforms: impute, standardize, min-max, log, bucketize. Each
 * `sql` and `apply` pair performs the same float64 operations in the same
 * order; parameters are plain JSON numbers both sides read identically.
 */
type Spec<T extends TransformSpec["type"]> = Extract<TransformSpec, { type: T }>;

const NUMERIC: readonly ValueKind[] = ["integer", "float"];
const num = (v: FeatureValue) => v as number | null;
const scalar = z.union([z.string(), z.number(), z.boolean()]);
const finite = z.number().refine(Number.isFinite);

export const imputeKind: TransformKind<Spec<"impute">, { value: string | number | boolean }> = {
  accepts: (spec) => (spec.strategy === "mean" || spec.strategy === "median" ? NUMERIC : ["integer", "float", "string", "boolean"]),
  outputs: (spec, _params, [kind]) => [{ name: spec.name, type: outputTypeOf(imputedKind(spec, kind!)), kind: imputedKind(spec, kind!) }],
  async fit(spec, [slot], ctx) {
    const v = valueSql(slot!);
    if (spec.strategy === "constant") return { value: checkConstant(spec, slot!.kind, ctx) };
    if (spec.strategy === "mostFrequent") {
      const row = await queryOne(ctx, `SELECT ${v} AS v, count(*) AS c FROM ${ctx.relation} WHERE ${v} IS NOT NULL GROUP BY ALL ORDER BY c DESC, v ASC LIMIT 1`);
      if (row.v === undefined) requireValues(ctx, 0);
      return { value: slot!.kind === "float" || slot!.kind === "integer" ? finiteParam(ctx, "most frequent value", row.v) : (row.v as string | boolean) };
    }
    const agg = spec.strategy === "mean" ? `fsum(${v}) AS s` : `quantile_cont(${v}, 0.5) AS s`;
    const row = await queryOne(ctx, `SELECT count(${v}) AS n, ${agg} FROM ${ctx.relation}`);
    requireValues(ctx, Number(row.n));
    const value = spec.strategy === "mean" ? (row.s as number) / Number(row.n) : row.s;
    return { value: finiteParam(ctx, spec.strategy, value) };
  },
  sql: (spec, { value }, [slot]) => {
    const kind = imputedKind(spec, slot!.kind);
    // Floats go through valueSql (NaN is missing too); other kinds keep their column type.
    const v = kind === "float" ? valueSql(slot!) : slot!.ref;
    return [`coalesce(${v}, ${paramLiteral(value, kind)})`];
  },
  apply: (_spec, { value }, [v]) => [v ?? value],
  params: z.strictObject({ value: scalar }),
};

/** mean and median fill with a double; the other strategies keep the input's kind. */
function imputedKind(spec: Spec<"impute">, input: ValueKind): ValueKind {
  return spec.strategy === "mean" || spec.strategy === "median" ? "float" : input;
}

function checkConstant(spec: Spec<"impute">, kind: ValueKind, ctx: FitContext): string | number | boolean {
  const value = spec.value!;
  const ok =
    kind === "integer" ? Number.isSafeInteger(value) :
    kind === "float" ? typeof value === "number" :
    typeof value === kind;
  if (!ok) {
    throw new FeatureError("invalid_definition", `${ctx.label}: the constant ${JSON.stringify(value)} does not fit the ${kind} input`, { transform: spec.name });
  }
  return value === 0 ? 0 : value;
}

export const standardizeKind: TransformKind<Spec<"standardize">, { mean: number; scale: number }> = {
  accepts: () => NUMERIC,
  outputs: (spec) => [{ name: spec.name, type: "DOUBLE", kind: "float" }],
  async fit(_spec, [slot], ctx) {
    const v = valueSql(slot!);
    const first = await queryOne(ctx, `SELECT count(${v}) AS n, fsum(${v}) AS s FROM ${ctx.relation}`);
    const n = Number(first.n);
    requireValues(ctx, n);
    // Two passes with compensated sums: exact enough that refitting the same data gives the same bits.
    const mean = finiteParam(ctx, "mean", (first.s as number) / n);
    const second = await queryOne(ctx, `SELECT fsum((${v} - ${doubleLiteral(mean)}) * (${v} - ${doubleLiteral(mean)})) AS ss FROM ${ctx.relation}`);
    const std = finiteParam(ctx, "standard deviation", Math.sqrt((second.ss as number) / n));
    // A constant column keeps its offset only (scale 1), as scikit-learn does.
    return { mean, scale: std > 0 ? std : 1 };
  },
  sql: (_spec, { mean, scale }, [slot]) => [`(${valueSql(slot!)} - ${doubleLiteral(mean)}) / ${doubleLiteral(scale)}`],
  apply: (_spec, { mean, scale }, [v]) => [v === null ? null : (num(v)! - mean) / scale],
  params: z.strictObject({ mean: finite, scale: finite }),
};

export const minMaxKind: TransformKind<Spec<"minMax">, { min: number; scale: number }> = {
  accepts: () => NUMERIC,
  outputs: (spec) => [{ name: spec.name, type: "DOUBLE", kind: "float" }],
  async fit(_spec, [slot], ctx) {
    const v = valueSql(slot!);
    const row = await queryOne(ctx, `SELECT count(${v}) AS n, min(${v}) AS lo, max(${v}) AS hi FROM ${ctx.relation}`);
    requireValues(ctx, Number(row.n));
    const min = finiteParam(ctx, "minimum", row.lo);
    const range = finiteParam(ctx, "range", finiteParam(ctx, "maximum", row.hi) - min);
    return { min, scale: range > 0 ? range : 1 };
  },
  sql: (spec, { min, scale }, [slot]) => {
    const scaled = `(${valueSql(slot!)} - ${doubleLiteral(min)}) / ${doubleLiteral(scale)}`;
    // CASE rather than least/greatest: it keeps a -0 exactly as the JS side does.
    return [spec.clip ? `CASE WHEN ${scaled} < 0 THEN 0.0::DOUBLE WHEN ${scaled} > 1 THEN 1.0::DOUBLE ELSE ${scaled} END` : scaled];
  },
  apply: (spec, { min, scale }, [v]) => {
    if (v === null) return [null];
    const scaled = (num(v)! - min) / scale;
    return [spec.clip ? (scaled < 0 ? 0 : scaled > 1 ? 1 : scaled) : scaled];
  },
  params: z.strictObject({ min: finite, scale: finite }),
};

export const logKind: TransformKind<Spec<"log">, Record<string, never>> = {
  accepts: () => NUMERIC,
  outputs: (spec) => [{ name: spec.name, type: "DOUBLE", kind: "float" }],
  async fit(spec, [slot], ctx) {
    const shifted = shiftedSql(spec, slot!);
    const row = await queryOne(ctx, `SELECT count(*) FILTER (WHERE ${shifted} <= 0) AS bad, min(${valueSql(slot!)}) AS lo FROM ${ctx.relation}`);
    if (Number(row.bad) > 0) {
      throw new FeatureError("cannot_fit", `${ctx.label}: ${Number(row.bad)} training value(s) have x + offset <= 0 (minimum ${String(row.lo)}, offset ${spec.offset}); raise the offset`, { transform: spec.name });
    }
    return {};
  },
  // A zero offset adds nothing: x + 0 would turn -0 into +0, so neither side adds it.
  sql: (spec, _params, [slot]) => [`CASE WHEN ${shiftedSql(spec, slot!)} > 0 THEN ${LN_FUNCTION}(${shiftedSql(spec, slot!)}) END`],
  apply: (spec, _params, [v]) => {
    if (v === null) return [null];
    const shifted = spec.offset === 0 ? num(v)! : num(v)! + spec.offset;
    return [shifted > 0 ? Math.log(shifted) : null];
  },
  params: z.strictObject({}),
};

function shiftedSql(spec: Spec<"log">, slot: Slot): string {
  return spec.offset === 0 ? `(${valueSql(slot)})` : `(${valueSql(slot)} + ${doubleLiteral(spec.offset)})`;
}

export const bucketizeKind: TransformKind<Spec<"bucketize">, { boundaries: number[] }> = {
  accepts: () => NUMERIC,
  outputs: (spec) => [{ name: spec.name, type: "INTEGER", kind: "integer" }],
  async fit(spec, [slot], ctx) {
    if (spec.boundaries) return { boundaries: spec.boundaries.map((b) => (b === 0 ? 0 : b)) };
    const n = spec.quantiles!;
    const qs = Array.from({ length: n - 1 }, (_, i) => doubleLiteral((i + 1) / n));
    const v = valueSql(slot!);
    const row = await queryOne(ctx, `SELECT count(${v}) AS n, quantile_cont(${v}, [${qs.join(", ")}]) AS q FROM ${ctx.relation}`);
    requireValues(ctx, Number(row.n));
    const edges = (row.q as unknown[]).map((q) => finiteParam(ctx, "quantile", q));
    // Repeated values make repeated quantiles; a bucket between equal edges could never fill.
    return { boundaries: edges.filter((b, i) => i === 0 || b > edges[i - 1]!) };
  },
  // The bucket is how many edges are <= x: exact comparisons on both sides.
  sql: (_spec, { boundaries }, [slot]) => {
    const v = valueSql(slot!);
    return [`CASE WHEN ${v} IS NULL THEN NULL ELSE ${boundaries.map((b) => `CAST(${v} >= ${doubleLiteral(b)} AS INTEGER)`).join(" + ")} END`];
  },
  apply: (_spec, { boundaries }, [v]) => {
    if (v === null) return [null];
    let bucket = 0;
    for (const b of boundaries) if (num(v)! >= b) bucket += 1;
    return [bucket];
  },
  params: z.strictObject({ boundaries: z.array(finite).min(1) }),
};
