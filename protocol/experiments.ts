import { z } from "zod";
import { nameSchema } from "./api";
import type { Brand } from "./ids";

/**
 * The contract of experiment tracking (MLflow's semantics): run statuses,
 * what keys and values look like, the JSON API's request schemas and
 * response shapes. Safe to import from client code.
 */

export type ExperimentId = Brand<string, "ExperimentId">;
export type RunId = Brand<string, "RunId">;

/** MLflow's run statuses (SCHEDULED is not used: a run starts when it is created). */
export const RUN_STATUSES = ["RUNNING", "FINISHED", "FAILED", "KILLED"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
/** What a run can end as; KILLED is what an interrupt or a kernel restart leaves. */
export const END_STATUSES = ["FINISHED", "FAILED", "KILLED"] as const;
export type EndStatus = (typeof END_STATUSES)[number];

export const INPUT_CONTEXTS = ["training", "validation", "test"] as const;
export type InputContext = (typeof INPUT_CONTEXTS)[number];

/** `model` artifacts join the lineage graph as `model_artifact` nodes, the others as `artifact`. */
export const ARTIFACT_KINDS = ["model", "plot", "report", "file"] as const;
export type ArtifactKind = (typeof ARTIFACT_KINDS)[number];

/** MLflow's limits (log-batch sizes, key and value lengths). */
export const TRACKING_LIMITS = {
  keyLength: 250,
  paramValueLength: 6000,
  tagValueLength: 8000,
  runNameLength: 250,
  batchParams: 100,
  batchTags: 100,
  batchMetrics: 1000,
  artifactPathLength: 1000,
  artifactBytes: 512 * 1024 * 1024,
  /** JSON bodies of the write routes: 1000 metrics with long keys fit. */
  bodyBytes: 1024 * 1024,
  filterLength: 4000,
  maxResults: 1000,
  historyPoints: 100_000,
} as const;

const KEY_CHARS = /^[\p{L}\p{N}_/.\- :]+$/u;

/**
 * Why a param, metric or tag key is not acceptable, or null. MLflow's rule:
 * alphanumerics, `_ - . : /` and spaces; keys may become file paths, so no
 * empty, `.` or `..` segment and no leading or trailing slash.
 *
 * @example
 * keyProblem("train/loss"); // null
 * keyProblem("../x");       // "…must not contain '.' or '..' segments…"
 */
export function keyProblem(key: string): string | null {
  if (key.length === 0) return "must not be empty";
  if (key.length > TRACKING_LIMITS.keyLength) return `must be at most ${TRACKING_LIMITS.keyLength} characters`;
  if (!KEY_CHARS.test(key)) return "may contain only letters, digits, spaces and _ - . : /";
  const segments = key.split("/");
  if (segments.some((s) => s === "" || s === "." || s === "..")) {
    return "is also used as a path: it must not start or end with '/', hold '//', or contain '.' or '..' segments";
  }
  return null;
}

export const trackingKeySchema = z.string().superRefine((key, ctx) => {
  const problem = keyProblem(key);
  if (problem) ctx.addIssue({ code: "custom", message: `"${key.slice(0, 80)}" ${problem}` });
});

/** JSON cannot carry NaN or ±Infinity: on the wire they are these strings (as protobuf's JSON mapping does). */
export const NON_FINITE = ["NaN", "Infinity", "-Infinity"] as const;
export type WireNumber = number | (typeof NON_FINITE)[number];

export function toWireNumber(value: number): WireNumber {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "Infinity";
  if (value === -Infinity) return "-Infinity";
  return value;
}

export function fromWireNumber(value: WireNumber): number {
  return typeof value === "number" ? value : Number(value);
}

/** A metric value: any number (in-process callers may pass NaN and ±Infinity as numbers), or its wire text. */
export const wireNumberSchema = z
  .union([z.custom<number>((v) => typeof v === "number", "must be a number, or \"NaN\", \"Infinity\" or \"-Infinity\""), z.enum(NON_FINITE)])
  .transform(fromWireNumber);

/** A param value as logged: MLflow stores params as strings, so numbers and booleans are written as text. */
export const paramValueSchema = z
  .union([z.string(), z.number(), z.boolean()])
  .transform((v) => String(v))
  .refine((v) => v.length <= TRACKING_LIMITS.paramValueLength, `must be at most ${TRACKING_LIMITS.paramValueLength} characters`);

const stepSchema = z.number().int("must be an integer").min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);
const epochMsSchema = z.number().int("must be whole milliseconds since the epoch").min(0).max(8.64e15);

export const paramInputSchema = z.strictObject({ key: trackingKeySchema, value: paramValueSchema });
export const tagInputSchema = z.strictObject({
  key: trackingKeySchema,
  value: z.string().max(TRACKING_LIMITS.tagValueLength, `must be at most ${TRACKING_LIMITS.tagValueLength} characters`),
});
export const metricInputSchema = z.strictObject({
  key: trackingKeySchema,
  value: wireNumberSchema,
  step: stepSchema.optional(),
  timestamp: epochMsSchema.optional(),
});

export type ParamInput = z.input<typeof paramInputSchema>;
export type TagInput = z.infer<typeof tagInputSchema>;
export type MetricInput = z.input<typeof metricInputSchema>;

export const datasetRefSchema = z.strictObject({
  namespace: z.string().min(1).max(300).default("tracebook"),
  name: z.string().min(1).max(300),
  /** The version's content digest (sha256 hex, or the producer's version string). */
  digest: z.string().min(1).max(300),
});
export type DatasetRef = z.input<typeof datasetRefSchema>;

const UUID = z.string().uuid().transform((s) => s.toLowerCase());

// ---------- HTTP request bodies ----------

export const createRunBody = z.strictObject({
  experiment: nameSchema,
  notebookId: UUID,
  name: z.string().trim().min(1).max(TRACKING_LIMITS.runNameLength).optional(),
  parentRunId: UUID.optional(),
  cellId: z.string().min(1).max(200).optional(),
  startTime: epochMsSchema.optional(),
  tags: z.array(tagInputSchema).max(TRACKING_LIMITS.batchTags).optional(),
});

/** MLflow's log-batch: params, metrics and tags in one all-or-nothing write. */
export const logBatchBody = z.strictObject({
  params: z.array(paramInputSchema).max(TRACKING_LIMITS.batchParams).default([]),
  metrics: z.array(metricInputSchema).max(TRACKING_LIMITS.batchMetrics).default([]),
  tags: z.array(tagInputSchema).max(TRACKING_LIMITS.batchTags).default([]),
});

export const endRunBody = z.strictObject({ status: z.enum(END_STATUSES), endTime: epochMsSchema.optional() });

export const logInputBody = z.strictObject({ dataset: datasetRefSchema, context: z.enum(INPUT_CONTEXTS) });

export const artifactPathSchema = z
  .string()
  .min(1)
  .max(TRACKING_LIMITS.artifactPathLength)
  .superRefine((path, ctx) => {
    const segments = path.split("/");
    if (segments.some((s) => s === "" || s === "." || s === "..") || /[\u0000-\u001f\\]/.test(path)) {
      ctx.addIssue({ code: "custom", message: "a relative path of names separated by '/', without '.', '..', '\\' or control characters" });
    }
  });

/** `PUT .../artifacts?path=&kind=&mediaType=` with the bytes as the body. */
export const artifactUploadQuery = z.strictObject({
  path: artifactPathSchema,
  kind: z.enum(ARTIFACT_KINDS).default("file"),
  mediaType: z
    .string()
    .regex(/^[\w.+-]+\/[\w.+-]+$/, "a media type such as application/octet-stream")
    .default("application/octet-stream"),
});

export const artifactDownloadQuery = z.strictObject({ path: artifactPathSchema });

export const searchRunsQuery = z.strictObject({
  filter: z.string().max(TRACKING_LIMITS.filterLength).default(""),
  orderBy: z.array(z.string().min(1).max(300)).max(10).default([]),
  maxResults: z.coerce.number().int().min(1).max(TRACKING_LIMITS.maxResults).default(100),
  pageToken: z.string().max(200).optional(),
});

export const metricHistoryQuery = z.strictObject({ key: trackingKeySchema });

// ---------- responses ----------

export interface ExperimentView {
  id: ExperimentId;
  name: string;
  createdAt: string;
  /** Runs the caller may see. */
  runCount: number;
  lastRunAt: string | null;
}

export interface ExperimentKeys {
  params: string[];
  metrics: string[];
  tags: string[];
}

export interface RunView {
  id: RunId;
  experimentId: ExperimentId;
  name: string;
  status: RunStatus;
  parentRunId: RunId | null;
  notebookId: string | null;
  cellId: string | null;
  /** The lineage run of the cell call that opened it (a `train.*` call): its job names the cell. */
  lineageRunId: string | null;
  actorId: string | null;
  startTime: string;
  endTime: string | null;
}

export interface MetricPoint {
  step: number;
  /** Milliseconds since the epoch. */
  timestamp: number;
  value: WireNumber;
}

export interface KeyValue {
  key: string;
  value: string;
}

/** A run in search results: its params, latest metrics and tags (arrays: keys are user data). */
export interface RunSummary extends RunView {
  params: KeyValue[];
  metrics: Array<{ key: string } & MetricPoint>;
  tags: KeyValue[];
}

export interface InputView {
  namespace: string;
  name: string;
  digest: string;
  context: InputContext;
  /** The dataset version's node id in the lineage graph (`<datasetId>@<digest>`). */
  lineageNodeId: string;
}

export interface ArtifactView {
  path: string;
  kind: ArtifactKind;
  sha256: string;
  size: number;
  mediaType: string;
  createdAt: string;
}

export interface RunDetail extends RunSummary {
  experimentName: string;
  inputs: InputView[];
  artifacts: ArtifactView[];
  children: Array<Pick<RunView, "id" | "name" | "status">>;
}

export interface RunSearchPage {
  runs: RunSummary[];
  /** Pass back as `pageToken` for the next page; null on the last page. */
  nextPageToken: string | null;
}
