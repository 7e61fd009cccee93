import { and, asc, eq } from "drizzle-orm";
import {
  lineageDatasets,
  lineageDatasetVersions,
  lineageJobs,
  lineageRunDatasets,
  lineageRunEvents,
  lineageRuns,
} from "../schema/lineage";
import type { Executor } from "./executor";

export type LineageJobRow = typeof lineageJobs.$inferSelect;
export type LineageRunRow = typeof lineageRuns.$inferSelect;
export type LineageRunEventRow = typeof lineageRunEvents.$inferSelect;

export interface LineageRunDatasetRow {
  direction: "input" | "output";
  kind: string;
  namespace: string;
  name: string;
  version: string;
  schema: unknown;
  rowCount: number | null;
  versionFacets: unknown;
  useFacets: unknown;
}

export interface LineageRunRecord {
  run: LineageRunRow;
  job: LineageJobRow;
  parentJob: LineageJobRow | null;
  events: LineageRunEventRow[];
  datasets: LineageRunDatasetRow[];
}

/** A run with its job, its events in arrival order and the dataset versions it read and wrote. */
export async function findLineageRun(db: Executor, runId: string): Promise<LineageRunRecord | null> {
  const [found] = await db
    .select({ run: lineageRuns, job: lineageJobs })
    .from(lineageRuns)
    .innerJoin(lineageJobs, eq(lineageJobs.id, lineageRuns.jobId))
    .where(eq(lineageRuns.id, runId));
  if (!found) return null;
  const events = await db.select().from(lineageRunEvents).where(eq(lineageRunEvents.runId, runId)).orderBy(asc(lineageRunEvents.seq));
  const datasets = await db
    .select({
      direction: lineageRunDatasets.direction,
      kind: lineageDatasets.kind,
      namespace: lineageDatasets.namespace,
      name: lineageDatasets.name,
      version: lineageRunDatasets.version,
      schema: lineageDatasetVersions.schema,
      rowCount: lineageDatasetVersions.rowCount,
      versionFacets: lineageDatasetVersions.facets,
      useFacets: lineageRunDatasets.facets,
    })
    .from(lineageRunDatasets)
    .innerJoin(lineageDatasets, eq(lineageDatasets.id, lineageRunDatasets.datasetId))
    .innerJoin(
      lineageDatasetVersions,
      and(eq(lineageDatasetVersions.datasetId, lineageRunDatasets.datasetId), eq(lineageDatasetVersions.version, lineageRunDatasets.version)),
    )
    .where(eq(lineageRunDatasets.runId, runId));
  let parentJob: LineageJobRow | null = null;
  if (found.run.parentRunId) {
    const [parent] = await db
      .select({ job: lineageJobs })
      .from(lineageRuns)
      .innerJoin(lineageJobs, eq(lineageJobs.id, lineageRuns.jobId))
      .where(eq(lineageRuns.id, found.run.parentRunId));
    parentJob = parent?.job ?? null;
  }
  return { ...found, parentJob, events, datasets };
}
