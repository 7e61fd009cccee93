import { z } from "zod";
import { CONTEXT_FACET, contextFacetSchema, PROFILE_FACET, profileFacetSchema, SAMPLE_FACET, sampleFacetSchema } from "./facets";

/**
 * A lineage event as a producer (a primitive in the kernel process) sends it:
 * plain JSON, OpenLineage's RunEvent with the job's Tracebook context added.
 * Validated when recorded, so a batch never fails in the store for bad input.
 */
const uuid = z.string().uuid();
// Namespace and name share a unique btree index (at most 2704 bytes a row): bytes, not characters, count.
const name = z
  .string()
  .min(1)
  .refine((s) => Buffer.byteLength(s, "utf8") <= 1024, "at most 1024 bytes of UTF-8");
const json = z.record(z.string(), z.unknown());

export const SHA256_HEX = /^[0-9a-f]{64}$/;

export const schemaFieldSchema = z.object({
  name: z.string().min(1).max(512),
  type: z.string().max(128).optional(),
  nullable: z.boolean().optional(),
  description: z.string().max(4096).optional(),
});

export const dataQualitySchema = z.object({
  rowCount: z.number().int().nonnegative().optional(),
  assertions: z
    .array(z.object({ assertion: z.string().min(1), success: z.boolean(), column: z.string().optional(), failingCount: z.number().int().nonnegative().optional() }))
    .max(10_000)
    .optional(),
});

/** Facets of a dataset version (immutable once recorded) and of one use of it by a run. */
export const datasetFacetsSchema = z
  .object({
    schema: z.object({ fields: z.array(schemaFieldSchema).max(10_000) }).optional(),
    rowCount: z.number().int().nonnegative().optional(),
    dataQuality: dataQualitySchema.optional(),
    // Tracebook's own facets are checked here, so the dataset page can always read what is stored.
    [PROFILE_FACET]: profileFacetSchema.optional(),
    [SAMPLE_FACET]: sampleFacetSchema.optional(),
    [CONTEXT_FACET]: contextFacetSchema.optional(),
  })
  .catchall(z.unknown());

export const datasetRefSchema = z.object({
  /** `dataset` today; `feature_set`, `model`, … later. */
  kind: z.string().regex(/^[a-z][a-z_]{0,31}$/).default("dataset"),
  namespace: name,
  name,
  /** The content hash (sha256, hex) of this immutable version. */
  version: z.string().regex(SHA256_HEX, "a dataset version is a sha256 content hash (64 hex digits)"),
  facets: datasetFacetsSchema.default({}),
});

export const runFacetsSchema = z
  .object({
    parameters: json.optional(),
    sourceCode: z.object({ language: z.string().min(1), sourceCode: z.string() }).optional(),
    notebookVersion: z.object({ versionId: z.string().optional(), updatedAt: z.string().optional() }).catchall(z.unknown()).optional(),
    errorMessage: z.object({ message: z.string(), programmingLanguage: z.string().min(1), stackTrace: z.string().optional() }).optional(),
  })
  .catchall(z.unknown());

export const lineageEventSchema = z.object({
  eventType: z.enum(["START", "COMPLETE", "FAIL", "ABORT"]),
  eventTime: z.string().datetime({ offset: true }),
  run: z.object({ runId: uuid, parentRunId: uuid.optional(), facets: runFacetsSchema.default({}) }),
  job: z.object({
    namespace: name,
    name,
    kind: z.enum(["notebook", "cell", "pipeline"]),
    notebookId: uuid.optional(),
    cellId: z.string().min(1).max(128).optional(),
  }),
  /** Who ran it (a user id). */
  actorId: uuid.optional(),
  inputs: z.array(datasetRefSchema).max(1000).default([]),
  outputs: z.array(datasetRefSchema).max(1000).default([]),
});

export type LineageEventInput = z.input<typeof lineageEventSchema>;
export type LineageEvent = z.output<typeof lineageEventSchema>;
export type DatasetRef = z.output<typeof datasetRefSchema>;
export type LineageEventType = LineageEvent["eventType"];

/** Parses a producer's event, throwing a zod error that names every bad field. */
export function parseLineageEvent(input: unknown): LineageEvent {
  return lineageEventSchema.parse(withoutNul(asJson(input)));
}

/**
 * The event as the store will see it. What JSON cannot carry (a BigInt, a cycle)
 * fails here, at the producer, rather than in a batch the store could never take.
 */
function asJson(input: unknown): unknown {
  try {
    return JSON.parse(JSON.stringify(input) ?? "null");
  } catch (error) {
    throw new TypeError(`a lineage event must be plain JSON: ${(error as Error).message}`);
  }
}

/**
 * Postgres text and jsonb refuse U+0000; a cell's source or parameters may hold
 * one, and a batch the store refuses would be retried forever. It becomes U+FFFD.
 */
function withoutNul(value: unknown): unknown {
  if (typeof value === "string") return value.includes("\u0000") ? value.replaceAll("\u0000", "\uFFFD") : value;
  if (Array.isArray(value)) return value.map(withoutNul);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [withoutNul(key) as string, withoutNul(item)]));
  }
  return value;
}
