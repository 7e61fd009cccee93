import { z } from "zod";

/**
 * The options cells pass to `data.*`, checked before anything runs: a typo
 * in an option name or a wrong type is a TypeError that names the function
 * and the option, not a silently ignored setting.
 */
const columns = z.array(z.string().min(1)).min(1);
const sampleSize = z.number().int().min(0).max(1000);
const scalar = z.union([z.string(), z.number(), z.boolean()]);
const fractions = z.record(z.string().min(1), z.number());

export const loadOptions = z
  .object({
    format: z.enum(["csv", "tsv", "json", "ndjson", "parquet"]),
    skipBadLines: z.boolean(),
    delimiter: z.string().min(1).max(8),
    header: z.boolean(),
    quote: z.string().max(4),
    encoding: z.enum(["utf-8", "utf-16", "latin-1"]),
    columnTypes: z.record(z.string().min(1), z.string().min(1)),
    sampleSize: z.number().int().min(-1),
    maxReportedLines: z.number().int().min(0).max(1000),
  })
  .partial()
  .strict();

export const loadUrlOptions = loadOptions
  .extend({
    /** Lower than the server's upload limit only; the limit itself always applies. */
    maxBytes: z.number().int().positive(),
    timeoutMs: z.number().int().positive().max(3_600_000),
  })
  .partial()
  .strict();

export const rowsOptions = z.object({ offset: z.number().int().min(0), limit: z.number().int().min(0), columns }).partial().strict();
export const dropNullsOptions = z.object({ columns: z.array(z.string().min(1)), how: z.enum(["any", "all"]) }).partial().strict();
export const fillNullsSpec = z.record(
  z.string().min(1),
  z.union([scalar, z.object({ strategy: z.enum(["mean", "median", "mode"]) }).strict(), z.object({ value: scalar }).strict()]),
);
export const trimOptions = z.object({ columns, emptyAsNull: z.boolean() }).partial().strict();
export const coerceTargets = z.record(z.string().min(1), z.enum(["integer", "number", "string", "boolean", "date", "timestamp"]));
export const coerceOptions = z.object({ strict: z.boolean(), sampleSize }).partial().strict();
export const normalizeOptions = z.object({ method: z.enum(["minmax", "zscore"]), columns: columns.optional() }).strict();
export const dedupeOptions = z
  .object({ keys: columns, keep: z.enum(["first", "last"]).optional(), orderBy: z.string().min(1).optional(), sampleSize: sampleSize.optional() })
  .strict();
export const anomalyOptions = z
  .object({ method: z.enum(["iqr", "zscore", "mad"]), columns: columns.optional(), threshold: z.number().positive().optional(), sampleSize: sampleSize.optional() })
  .strict();
export const randomSplitOptions = z.object({ fractions, seed: z.number().int() }).strict();
export const stratifiedSplitOptions = z.object({ column: z.string().min(1), fractions, seed: z.number().int() }).strict();
export const timeSplitOptions = z.union([
  z.object({ column: z.string().min(1), names: z.array(z.string().min(1)).min(1), cutoffs: z.array(z.union([z.string(), z.number()])) }).strict(),
  z.object({ column: z.string().min(1), fractions }).strict(),
]);
export const leakageOptions = z.object({ keys: columns, sampleSize: sampleSize.optional() }).strict();
export const validateOptions = z.object({ sampleSize }).partial().strict();
export const profileOptions = z
  .object({
    bins: z.number().int().min(1).max(200),
    topValues: z.number().int().min(1).max(100),
    quantiles: z.enum(["exact", "approximate"]),
    distinct: z.enum(["exact", "approximate", "none"]),
    histograms: z.boolean(),
    columns,
    /** false: return the profile without rendering it in the cell. */
    display: z.boolean(),
  })
  .partial()
  .strict();
export const headCount = z.number().int().min(0);

/**
 * `value` checked against `schema`, or a TypeError such as
 * `data.dropNulls: options.how: Invalid option: expected one of "any"|"all"`.
 * @example
 * const options = parseArg(dropNullsOptions, args[1] ?? {}, "data.dropNulls", "options");
 */
export function parseArg<S extends z.ZodType>(schema: S, value: unknown, fn: string, what: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${[what, ...issue.path.map(String)].join(".")}: ${issue.message}`);
  throw new TypeError(`${fn}: ${problems.join("; ")}`);
}
