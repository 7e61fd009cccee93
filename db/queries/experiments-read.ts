import { and, asc, eq, inArray } from "drizzle-orm";
import {
  experimentArtifacts,
  experimentInputs,
  experimentLatestMetrics,
  experimentMetrics,
  experimentParams,
  experimentRuns,
  experimentTags,
} from "../schema/experiments";
import type { ArtifactRow, InputRow } from "./experiments";
import { visibleRuns, type RunVisibility } from "./experiments-search";
import type { Executor } from "./executor";

/** What a run page and search results show besides the run row. */

export interface KeyValueRow {
  runId: string;
  key: string;
  value: string;
}

export interface MetricRow {
  runId: string;
  key: string;
  step: number;
  timestamp: number;
  value: number;
}

const CHUNK = 500;

async function byRunIds<T>(runIds: readonly string[], read: (ids: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < runIds.length; i += CHUNK) out.push(...(await read(runIds.slice(i, i + CHUNK))));
  return out;
}

export function listParams(db: Executor, runIds: readonly string[]): Promise<KeyValueRow[]> {
  return byRunIds(runIds, (ids) =>
    db.select().from(experimentParams).where(inArray(experimentParams.runId, ids)).orderBy(asc(experimentParams.key)),
  );
}

export function listTags(db: Executor, runIds: readonly string[]): Promise<KeyValueRow[]> {
  return byRunIds(runIds, (ids) => db.select().from(experimentTags).where(inArray(experimentTags.runId, ids)).orderBy(asc(experimentTags.key)));
}

/** Each key's latest point per run. */
export function listLatestMetrics(db: Executor, runIds: readonly string[]): Promise<MetricRow[]> {
  return byRunIds(runIds, (ids) =>
    db.select().from(experimentLatestMetrics).where(inArray(experimentLatestMetrics.runId, ids)).orderBy(asc(experimentLatestMetrics.key)),
  );
}

/** A metric's points in step order (then timestamp, then value); at most `limit`. */
export async function listMetricHistory(db: Executor, runId: string, key: string, limit: number): Promise<MetricRow[]> {
  const m = experimentMetrics;
  return db
    .select()
    .from(m)
    .where(and(eq(m.runId, runId), eq(m.key, key)))
    .orderBy(asc(m.step), asc(m.timestamp), asc(m.value))
    .limit(limit);
}

export async function listInputs(db: Executor, runId: string): Promise<InputRow[]> {
  return db
    .select()
    .from(experimentInputs)
    .where(eq(experimentInputs.runId, runId))
    .orderBy(asc(experimentInputs.context), asc(experimentInputs.namespace), asc(experimentInputs.name));
}

export async function listArtifacts(db: Executor, runId: string): Promise<ArtifactRow[]> {
  return db.select().from(experimentArtifacts).where(eq(experimentArtifacts.runId, runId)).orderBy(asc(experimentArtifacts.path));
}

/** Child runs the caller may see, oldest first. */
export async function listChildRuns(
  db: Executor,
  runId: string,
  visibility: RunVisibility,
): Promise<Array<{ id: string; name: string; status: "RUNNING" | "FINISHED" | "FAILED" | "KILLED" }>> {
  return db
    .select({ id: experimentRuns.id, name: experimentRuns.name, status: experimentRuns.status })
    .from(experimentRuns)
    .where(and(eq(experimentRuns.parentRunId, runId), visibleRuns(visibility)))
    .orderBy(asc(experimentRuns.startTime), asc(experimentRuns.id));
}
