import { z } from "zod";
import { FeatureError } from "./errors";

/**
 * Declarative feature definitions: plain JSON a cell writes as an object
 * literal. Transforms run in order; a transform's `input` names a column of
 * the data or the `name` of an earlier single-output transform, so
 * `impute` can feed `standardize`. Defaults are filled in here, so the
 * stored definition says exactly what ran.
 */
const name = z.string().min(1).max(128);
const column = z.string().min(1).max(256);
/** Output of this transform appears in the result (false: an intermediate step only). */
const emit = z.boolean().default(true);
const MAX_BUCKETS = 2_147_483_647;

const impute = z.strictObject({
  type: z.literal("impute"),
  name,
  input: column,
  strategy: z.enum(["mean", "median", "mostFrequent", "constant"]),
  /** The fill of strategy "constant"; must be of the input's type. */
  value: z.union([z.string(), z.number(), z.boolean()]).optional(),
  emit,
});

const standardize = z.strictObject({ type: z.literal("standardize"), name, input: column, emit });

const minMax = z.strictObject({
  type: z.literal("minMax"),
  name,
  input: column,
  /** Clamp values outside the training range to [0, 1]. */
  clip: z.boolean().default(false),
  emit,
});

const log = z.strictObject({
  type: z.literal("log"),
  name,
  input: column,
  /** ln(x + offset); values with x + offset <= 0 become null. */
  offset: z.number().refine(Number.isFinite, "offset must be finite").default(0),
  emit,
});

const bucketize = z.strictObject({
  type: z.literal("bucketize"),
  name,
  input: column,
  /** Strictly increasing edges; bucket i holds edges[i-1] <= x < edges[i]. */
  boundaries: z.array(z.number().refine(Number.isFinite, "boundaries must be finite")).min(1).max(1000).optional(),
  /** Fit the edges as the training data's quantiles (n buckets of about equal counts). */
  quantiles: z.int().min(2).max(1000).optional(),
  emit,
});

const oneHot = z.strictObject({
  type: z.literal("oneHot"),
  name,
  input: column,
  /** Keep at most this many values (most frequent first); the rest and nulls go to the unknown bucket. */
  maxCategories: z.int().min(1).max(1000).default(100),
  /** Keep only values seen at least this many times. */
  minCount: z.int().min(1).default(1),
  emit,
});

export const DATE_PARTS = ["year", "quarter", "month", "day", "dayOfWeek", "dayOfYear", "hour", "minute", "second"] as const;
export type DatePart = (typeof DATE_PARTS)[number];

const dateParts = z.strictObject({
  type: z.literal("dateParts"),
  name,
  input: column,
  parts: z.array(z.enum(DATE_PARTS)).min(1).refine((p) => new Set(p).size === p.length, "parts must not repeat"),
  emit,
});

const hash = z.strictObject({ type: z.literal("hash"), name, input: column, buckets: z.int().min(2).max(MAX_BUCKETS), emit });

const cross = z.strictObject({
  type: z.literal("cross"),
  name,
  inputs: z.array(column).min(2).max(8),
  buckets: z.int().min(2).max(MAX_BUCKETS),
  emit,
});

export const transformSchema = z.discriminatedUnion("type", [impute, standardize, minMax, log, bucketize, oneHot, dateParts, hash, cross]);

export const featureDefinitionSchema = z.strictObject({
  name,
  /** Columns copied unchanged in front of the features (ids, labels). */
  passthrough: z.array(column).default([]),
  transforms: z.array(transformSchema).min(1).max(500),
});

export type TransformSpec = z.infer<typeof transformSchema>;
export type TransformType = TransformSpec["type"];
export type FeatureDefinition = z.infer<typeof featureDefinitionSchema>;
/** What a cell writes: defaults may be left out. */
export type FeatureDefinitionInput = z.input<typeof featureDefinitionSchema>;

/**
 * Checks a definition's shape and fills defaults. Errors name the transform
 * (by position and name) and the field at fault. Checks that need the data
 * (columns, types) happen when fitting.
 * @example
 * const def = parseFeatureDefinition({
 *   name: "churn",
 *   passthrough: ["user_id"],
 *   transforms: [
 *     { type: "impute", name: "age_filled", input: "age", strategy: "median", emit: false },
 *     { type: "standardize", name: "age_z", input: "age_filled" },
 *     { type: "oneHot", name: "country", input: "country", maxCategories: 20 },
 *   ],
 * });
 */
export function parseFeatureDefinition(input: unknown): FeatureDefinition {
  const parsed = featureDefinitionSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${describePath(input, issue.path)}: ${issue.message}`);
    throw new FeatureError("invalid_definition", `invalid feature definition: ${problems.join("; ")}`, { problems });
  }
  const def = parsed.data;
  def.transforms.forEach((t, i) => checkTransform(t, i));
  const names = def.transforms.map((t) => t.name);
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  if (repeated.length > 0) {
    throw new FeatureError("invalid_definition", `transform names must be unique; repeated: ${[...new Set(repeated)].join(", ")}`, { names: repeated });
  }
  if (new Set(def.passthrough).size !== def.passthrough.length) {
    throw new FeatureError("invalid_definition", "passthrough columns must not repeat");
  }
  return def;
}

/** Rules zod's shape cannot say on its own. */
function checkTransform(t: TransformSpec, index: number): void {
  const where = `transforms[${index}] (${t.type} "${t.name}")`;
  const fail = (message: string) => {
    throw new FeatureError("invalid_definition", `${where}: ${message}`, { transform: t.name, index });
  };
  if (t.name.startsWith("__tb_")) fail("names starting with __tb_ are reserved");
  if (t.type === "impute" && (t.strategy === "constant") !== (t.value !== undefined)) {
    fail(t.strategy === "constant" ? 'strategy "constant" needs a value' : `value is only for strategy "constant", not "${t.strategy}"`);
  }
  if (t.type === "bucketize") {
    if ((t.boundaries === undefined) === (t.quantiles === undefined)) fail("give exactly one of boundaries or quantiles");
    const edges = t.boundaries ?? [];
    if (edges.some((b, i) => i > 0 && !(b > edges[i - 1]!))) fail("boundaries must be strictly increasing");
  }
  if (t.type === "cross" && new Set(t.inputs).size !== t.inputs.length) fail("inputs must not repeat");
}

/** `transforms[2] (standardize "age_z").input` rather than `transforms.2.input`. */
function describePath(input: unknown, path: readonly PropertyKey[]): string {
  if (path.length === 0) return "definition";
  if (path[0] === "transforms" && typeof path[1] === "number") {
    const raw = (input as { transforms?: unknown[] }).transforms?.[path[1]] as { type?: unknown; name?: unknown } | undefined;
    const label = raw && typeof raw === "object" ? ` (${String(raw.type ?? "?")} "${String(raw.name ?? "?")}")` : "";
    const rest = path.slice(2).map(String).join(".");
    return `transforms[${path[1]}]${label}${rest ? `.${rest}` : ""}`;
  }
  return path.map(String).join(".");
}
