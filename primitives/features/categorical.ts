import { createHash } from "node:crypto";
import { z } from "zod";
import type { TransformSpec } from "./definition";
import { FeatureError } from "./errors";
import { paramLiteral, queryOne, requireValues, type OutputColumn, type TransformKind } from "./transform-kind";
import type { FeatureValue, Slot, ValueKind } from "./values";

/**
 * Categorical transforms: one-hot over a fitted vocabulary with an unknown
 * bucket, hashing and crosses. Hashes are md5 of the value's text, which
 * DuckDB (`md5`) and Node (`crypto`) compute identically; DuckDB's own
 * `hash()` is internal and changes between versions.
 */
type Spec<T extends TransformSpec["type"]> = Extract<TransformSpec, { type: T }>;
type Category = string | number | boolean;

/** Floats are refused: their text differs between DuckDB and JS (1e+20 vs 1e20); bucketize them first. */
const DISCRETE: readonly ValueKind[] = ["string", "integer", "boolean"];

export const oneHotKind: TransformKind<Spec<"oneHot">, { vocabulary: Category[] }> = {
  accepts: () => DISCRETE,
  outputs: (spec, { vocabulary }) => oneHotColumns(spec.name, vocabulary),
  async fit(spec, [slot], ctx) {
    const v = slot!.ref;
    const [counted] = await ctx.engine.query(`SELECT count(${v}) AS n FROM ${ctx.relation}`);
    requireValues(ctx, Number(counted?.n ?? 0));
    // Most frequent first, ties by value, so the vocabulary (and the version) is deterministic.
    const rows = await ctx.engine.query(
      `SELECT ${v} AS v FROM ${ctx.relation} WHERE ${v} IS NOT NULL GROUP BY ALL HAVING count(*) >= ${spec.minCount} ORDER BY count(*) DESC, v ASC LIMIT ${spec.maxCategories}`,
    );
    return { vocabulary: rows.map((r) => r.v as Category) };
  },
  sql: (_spec, { vocabulary }, [slot]) => {
    const v = slot!.ref;
    const literals = vocabulary.map((value) => paramLiteral(value, slot!.kind));
    const unknown = literals.length === 0 ? "1" : `CASE WHEN ${v} IS NULL OR ${v} NOT IN (${literals.join(", ")}) THEN 1 ELSE 0 END`;
    return [...literals.map((lit) => `CASE WHEN ${v} = ${lit} THEN 1 ELSE 0 END`), unknown];
  },
  apply: (_spec, { vocabulary }, [v]) => {
    const index = v === null ? -1 : vocabulary.indexOf(v);
    return [...vocabulary.map((_, i) => (i === index ? 1 : 0)), index === -1 ? 1 : 0];
  },
  params: z.strictObject({ vocabulary: z.array(z.union([z.string(), z.number(), z.boolean()])) }),
};

/**
 * One-hot output names: `<name>=<value>` per vocabulary value and
 * `<name>=<unknown>` last. The fit fails if two values print the same.
 * @example
 * oneHotColumns("country", ["FR", "DE"]).map((c) => c.name); // ["country=FR", "country=DE", "country=<unknown>"]
 */
export function oneHotColumns(name: string, vocabulary: readonly Category[]): OutputColumn[] {
  return [...vocabulary.map((value) => `${name}=${String(value)}`), `${name}=<unknown>`].map((n) => ({ name: n, type: "INTEGER", kind: "integer" }));
}

export const hashKind: TransformKind<Spec<"hash">, Record<string, never>> = {
  accepts: () => DISCRETE,
  outputs: (spec) => [{ name: spec.name, type: "INTEGER", kind: "integer" }],
  fit: async () => ({}),
  sql: (spec, _params, [slot]) => [bucketSql(textSql(slot!), spec.buckets)],
  apply: (spec, _params, [v]) => [v === null ? null : bucketOf(String(v), spec.buckets)],
  params: z.strictObject({}),
};

/** Unit separator between crossed values: it does not occur in ordinary text. */
const SEPARATOR = "\u001f";

export const crossKind: TransformKind<Spec<"cross">, Record<string, never>> = {
  accepts: () => DISCRETE,
  outputs: (spec) => [{ name: spec.name, type: "INTEGER", kind: "integer" }],
  fit: async () => ({}),
  // `||` is null when any part is null (concat_ws would skip it), matching the JS side.
  sql: (spec, _params, slots) => [bucketSql(slots.map(textSql).join(" || chr(31) || "), spec.buckets)],
  apply: (spec, _params, values) => [values.some((v) => v === null) ? null : bucketOf(values.map(String).join(SEPARATOR), spec.buckets)],
  params: z.strictObject({}),
};

function textSql(slot: Slot): string {
  return slot.kind === "string" ? slot.ref : `CAST(${slot.ref} AS VARCHAR)`;
}

/** The first 64 bits of md5(text), as an unsigned integer, modulo the bucket count. */
function bucketSql(text: string, buckets: number): string {
  return `CAST(CAST('0x' || left(md5(${text}), 16) AS UBIGINT) % ${buckets} AS INTEGER)`;
}

/**
 * The bucket of a text, as the SQL side computes it.
 * @example
 * bucketOf("abc", 1000); // 432
 */
export function bucketOf(text: string, buckets: number): number {
  const hex = createHash("md5").update(text, "utf8").digest("hex").slice(0, 16);
  return Number(BigInt(`0x${hex}`) % BigInt(buckets));
}

/**
 * Refuses output names that repeat (a one-hot value printing like another, or a transform's name).
 * @example
 * assertUniqueOutputs(["id", "age_z", "country=FR"]);
 */
export function assertUniqueOutputs(names: readonly string[]): void {
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  if (repeated.length > 0) {
    throw new FeatureError("invalid_definition", `output columns must be unique; repeated: ${[...new Set(repeated)].join(", ")}`, { columns: [...new Set(repeated)] });
  }
}
