import { z } from "zod";

/**
 * The contract of the dataset pages: `GET /api/datasets` and
 * `GET /api/datasets/[datasetId]`. Datasets are workspace-wide names; their
 * versions and the runs around them belong to notebooks and are listed only
 * to that notebook's readers. Profile and sample are the version facets
 * `tracebook_profile` and `tracebook_sample` (primitives/lineage/facets.ts).
 */

/**
 * The lineage graph's node id of a dataset version: `<datasetId>@<sha256>`
 * (the store writes it, the pages link to it).
 *
 * @example
 * versionNodeId("6f1c…", "ab12…") // "6f1c…@ab12…"
 */
export function versionNodeId(datasetId: string, version: string): string {
  return `${datasetId}@${version}`;
}

/** The dataset id and version of a version node id, or null when it is not one. */
export function parseVersionNodeId(nodeId: string): { datasetId: string; version: string } | null {
  const at = nodeId.indexOf("@");
  return at > 0 && at < nodeId.length - 1 ? { datasetId: nodeId.slice(0, at), version: nodeId.slice(at + 1) } : null;
}

const limit = (fallback: number) => z.coerce.number().int().min(1).max(500).default(fallback);

export const datasetListQuerySchema = z.object({
  /** Part of the name, any case. */
  q: z
    .string()
    .max(200)
    .transform((s) => s.trim())
    .optional(),
  kind: z
    .string()
    .regex(/^[a-z][a-z_]{0,31}$/, "a dataset kind: dataset, model, …")
    .optional(),
  limit: limit(100),
});

export const datasetQuerySchema = z.object({ limit: limit(100) });

export type DatasetListQuery = z.output<typeof datasetListQuerySchema>;
export type DatasetQuery = z.output<typeof datasetQuerySchema>;

export type LineageRunStatus = "running" | "completed" | "failed" | "aborted";

export interface LineageJobView {
  id: string;
  namespace: string;
  name: string;
  kind: "notebook" | "cell" | "pipeline";
  notebookId: string | null;
  cellId: string | null;
}

export interface LineageRunView {
  id: string;
  status: LineageRunStatus;
  startedAt: string | null;
  endedAt: string | null;
  job: LineageJobView;
}

export interface DatasetSummaryView {
  id: string;
  /** `dataset`, `model`, … */
  kind: string;
  namespace: string;
  name: string;
  createdAt: string;
  /** Versions the caller may see. */
  versionCount: number;
  latest: { version: string; createdAt: string; rowCount: number | null } | null;
}

export interface SchemaFieldView {
  name: string;
  type?: string;
  nullable?: boolean;
  description?: string;
}

export interface DatasetVersionView {
  /** The content hash (sha256, hex). */
  version: string;
  createdAt: string;
  rowCount: number | null;
  schema: { fields: SchemaFieldView[] } | null;
  /** Every other facet of the version, as recorded (dataQuality, tracebook_profile, tracebook_sample, …). */
  facets: Record<string, unknown>;
  /** The notebook whose readers see this version; null when workspace-wide. */
  notebookId: string | null;
  /** The run that wrote it; null when it was first seen as an input. */
  createdBy: LineageRunView | null;
  /** Runs that wrote it (the same content may be written again), newest first, at most 20. */
  producedBy: LineageRunView[];
  producedByCount: number;
  /** Runs that read it, newest first, at most 20. */
  consumedBy: LineageRunView[];
  consumedByCount: number;
}

export interface DatasetDetailView {
  dataset: DatasetSummaryView;
  /** Newest first. */
  versions: DatasetVersionView[];
  /** True when more versions exist than `limit` listed. */
  truncated: boolean;
}

export interface DatasetListView {
  datasets: DatasetSummaryView[];
  truncated: boolean;
}
