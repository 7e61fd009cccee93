import { z } from "zod";
import { INPUT_CONTEXTS } from "../../protocol/experiments";

/**
 * Tracebook's custom dataset-version facets, shared by the writer (the kernel's
 * data primitives put them on an output's `facets`) and the reader (the dataset
 * page). The event schema validates them when recorded, so what the store keeps
 * always parses here; a version recorded without them simply lacks them.
 * Documented in primitives/lineage/README.md ("Dataset facets").
 */
export const PROFILE_FACET = "tracebook_profile";
export const SAMPLE_FACET = "tracebook_sample";
/**
 * A facet of one use of a version, not of the version: the contexts in which a
 * run read it (MLflow's dataset context). The store keeps it on the run's use
 * and on the input edge, never on the version, which other runs read too.
 */
export const CONTEXT_FACET = "tracebook_context";
/** A sample is a preview, not a copy of the data. */
export const SAMPLE_MAX_ROWS = 20;
const MAX_COLUMNS = 10_000;
const MAX_BINS = 1_000;

const count = z.number().int().nonnegative();
// zod's number already refuses NaN and ±Infinity; JSON could not carry them anyway.
const scalar = z.union([z.number(), z.string(), z.boolean()]);
const edge = z.union([z.number(), z.string()]);
const stat = z.number().nullable().default(null);

const histogramSchema = z.discriminatedUnion("kind", [
  /** Equal-width bins of a numeric or time column (time edges as ISO strings). */
  z.object({ kind: z.literal("bins"), bins: z.array(z.object({ start: edge, end: edge, count })).max(MAX_BINS) }),
  /** The most frequent values of a text or boolean column, and how many values the rest hold. */
  z.object({
    kind: z.literal("values"),
    values: z.array(z.object({ value: scalar.nullable(), count })).max(MAX_BINS),
    otherCount: count.default(0),
  }),
]);

export const profileColumnSchema = z
  .looseObject({
    name: z.string().min(1).max(512),
    type: z.string().min(1).max(128),
    /** Non-null values. */
    count,
    nulls: count,
    /** Distinct non-null values; null when not computed. */
    distinct: count.nullable().default(null),
    min: scalar.nullable().default(null),
    max: scalar.nullable().default(null),
    mean: stat,
    /** Sample standard deviation. */
    std: stat,
    /** Percentiles by name: `p25`, `p50`, `p75`, … */
    quantiles: z
      .record(z.string().regex(/^p\d{1,2}(\.\d+)?$/, "a percentile name such as p25 or p99.9"), z.number())
      .nullable()
      .default(null),
    histogram: histogramSchema.nullable().default(null),
  })
  .superRefine((column, ctx) => {
    const h = column.histogram;
    if (!h) return;
    const counted = h.kind === "bins" ? h.bins.reduce((a, b) => a + b.count, 0) : h.values.reduce((a, v) => a + v.count, h.otherCount);
    // A histogram counts non-null values: more than `count` is a wrong number, not a rounding.
    if (counted > column.count) {
      ctx.addIssue({ code: "custom", path: ["histogram"], message: `the histogram counts ${counted} values but the column has ${column.count} non-null values` });
    }
  });

/** `tracebook_profile`: per-column statistics of one dataset version. */
export const profileFacetSchema = z.looseObject({
  columns: z.array(profileColumnSchema).max(MAX_COLUMNS),
  /** How quantiles and distinct counts were computed (`exact` or `approximate`). */
  methods: z.looseObject({ quantiles: z.string().optional(), distinct: z.string().optional() }).optional(),
});

/** `tracebook_sample`: the first rows of one dataset version, as plain JSON values. */
export const sampleFacetSchema = z
  .looseObject({
    columns: z.array(z.string().max(512)).max(MAX_COLUMNS),
    rows: z.array(z.array(z.unknown())).max(SAMPLE_MAX_ROWS, `a sample holds at most ${SAMPLE_MAX_ROWS} rows`),
    /** True when the version has more rows than the sample shows. */
    truncated: z.boolean(),
  })
  .superRefine((sample, ctx) => {
    sample.rows.forEach((row, i) => {
      if (row.length !== sample.columns.length) {
        ctx.addIssue({ code: "custom", path: ["rows", i], message: `row ${i} has ${row.length} values for ${sample.columns.length} columns` });
      }
    });
  });

export const contextFacetSchema = z.looseObject({
  contexts: z.array(z.enum(INPUT_CONTEXTS)).min(1).max(INPUT_CONTEXTS.length),
});

export type ProfileFacet = z.output<typeof profileFacetSchema>;
export type ProfileColumn = z.output<typeof profileColumnSchema>;
export type ProfileHistogram = NonNullable<ProfileColumn["histogram"]>;
export type SampleFacet = z.output<typeof sampleFacetSchema>;
/** What a writer passes (defaults may be left out). */
export type ProfileFacetInput = z.input<typeof profileFacetSchema>;
export type SampleFacetInput = z.input<typeof sampleFacetSchema>;

/** A facet as read from a stored version: missing, present but unreadable (an older writer), or parsed. */
export type FacetRead<T> = { state: "absent" } | { state: "invalid"; message: string } | { state: "ok"; value: T };

function readFacet<T>(facets: unknown, name: string, schema: z.ZodType<T>): FacetRead<T> {
  const raw = facets && typeof facets === "object" && !Array.isArray(facets) ? (facets as Record<string, unknown>)[name] : undefined;
  if (raw === undefined || raw === null) return { state: "absent" };
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { state: "ok", value: parsed.data };
  const first = parsed.error.issues[0];
  return { state: "invalid", message: first ? `${first.path.join(".") || name}: ${first.message}` : `${name} is malformed` };
}

/**
 * The profile facet of a version's facets.
 * @example
 * const read = readProfileFacet(version.facets);
 * if (read.state === "ok") read.value.columns.map((c) => c.name);
 */
export function readProfileFacet(facets: unknown): FacetRead<ProfileFacet> {
  return readFacet(facets, PROFILE_FACET, profileFacetSchema);
}

/**
 * The sample facet of a version's facets.
 * @example
 * const read = readSampleFacet(version.facets);
 * if (read.state === "ok") read.value.rows.length; // at most 20
 */
export function readSampleFacet(facets: unknown): FacetRead<SampleFacet> {
  return readFacet(facets, SAMPLE_FACET, sampleFacetSchema);
}
