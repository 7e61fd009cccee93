import { and, eq, inArray, sql } from "drizzle-orm";
import {
  experimentArtifacts,
  experimentInputs,
  experimentLatestMetrics,
  experimentMetrics,
  experimentParams,
  experimentRuns,
  experimentTags,
  experiments,
} from "../schema/experiments";
import type { Executor } from "./executor";

/**
 * Writes of experiment tracking and the reads they need. Each write takes an
 * open transaction (the caller locks the run first with `lockRun`); search
 * and the read side live in `experiments-search.ts` and `experiments-read.ts`.
 */

export type ExperimentRow = typeof experiments.$inferSelect;
export type RunRow = typeof experimentRuns.$inferSelect;
export type ArtifactRow = typeof experimentArtifacts.$inferSelect;
export type InputRow = typeof experimentInputs.$inferSelect;
export type RunStatusValue = RunRow["status"];

export interface MetricWrite {
  key: string;
  value: number;
  step: number;
  timestamp: number;
}

/** Rows per INSERT: five columns each stays far below Postgres' 65,535 parameters. */
const CHUNK = 1000;

export async function findExperimentByName(db: Executor, name: string): Promise<ExperimentRow | null> {
  const [row] = await db.select().from(experiments).where(eq(experiments.name, name));
  return row ?? null;
}

export async function findExperiment(db: Executor, id: string): Promise<ExperimentRow | null> {
  const [row] = await db.select().from(experiments).where(eq(experiments.id, id));
  return row ?? null;
}

/** Creates the experiment; null when the name is taken. */
export async function insertExperiment(db: Executor, values: { name: string; createdBy: string | null }): Promise<ExperimentRow | null> {
  const [row] = await db.insert(experiments).values(values).onConflictDoNothing().returning();
  return row ?? null;
}

/** The experiment with this name, created when absent (MLflow's set_experiment). */
export async function upsertExperiment(db: Executor, values: { name: string; createdBy: string | null }): Promise<ExperimentRow> {
  const [row] = await db
    .insert(experiments)
    .values(values)
    // A no-op update so that `returning` yields the existing row.
    .onConflictDoUpdate({ target: experiments.name, set: { name: sql`excluded.name` } })
    .returning();
  return row!;
}

export async function insertRun(db: Executor, values: typeof experimentRuns.$inferInsert): Promise<RunRow> {
  const [row] = await db.insert(experimentRuns).values(values).returning();
  return row!;
}

/** The run, locked until the transaction ends: writes to one run and its status change take turns. */
export async function lockRun(tx: Executor, runId: string): Promise<RunRow | null> {
  const [row] = await tx.select().from(experimentRuns).where(eq(experimentRuns.id, runId)).for("update");
  return row ?? null;
}

export async function findRun(db: Executor, runId: string): Promise<RunRow | null> {
  const [row] = await db.select().from(experimentRuns).where(eq(experimentRuns.id, runId));
  return row ?? null;
}

export async function updateRunStatus(tx: Executor, runId: string, status: RunStatusValue, endTime: Date | null): Promise<RunRow> {
  const [row] = await tx.update(experimentRuns).set({ status, endTime }).where(eq(experimentRuns.id, runId)).returning();
  return row!;
}

/** Runs still RUNNING that a notebook started (to mark them KILLED when its kernel stops). */
export async function listRunningRunIds(db: Executor, notebookId: string): Promise<string[]> {
  const rows = await db
    .select({ id: experimentRuns.id })
    .from(experimentRuns)
    .where(and(eq(experimentRuns.notebookId, notebookId), eq(experimentRuns.status, "RUNNING")));
  return rows.map((r) => r.id);
}

/** Runs still RUNNING that carry a tag (the kernel's mark on the runs it opened). */
export async function listRunningRunIdsTagged(db: Executor, key: string, value: string): Promise<string[]> {
  const rows = await db
    .select({ id: experimentRuns.id })
    .from(experimentRuns)
    .innerJoin(experimentTags, and(eq(experimentTags.runId, experimentRuns.id), eq(experimentTags.key, key), eq(experimentTags.value, value)))
    .where(eq(experimentRuns.status, "RUNNING"));
  return rows.map((r) => r.id);
}

export async function findParamValues(db: Executor, runId: string, keys: readonly string[]): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const rows = await db
    .select({ key: experimentParams.key, value: experimentParams.value })
    .from(experimentParams)
    .where(and(eq(experimentParams.runId, runId), inArray(experimentParams.key, [...keys])));
  return new Map(rows.map((r) => [r.key, r.value]));
}

/** Inserts params not yet logged; a key already present keeps its value (the caller checked it is the same). */
export async function insertParams(tx: Executor, runId: string, params: ReadonlyArray<{ key: string; value: string }>): Promise<void> {
  if (params.length === 0) return;
  await tx
    .insert(experimentParams)
    .values(params.map((p) => ({ runId, key: p.key, value: p.value })))
    .onConflictDoNothing();
}

export async function upsertTags(tx: Executor, runId: string, tags: ReadonlyArray<{ key: string; value: string }>): Promise<void> {
  if (tags.length === 0) return;
  // The last value of a key repeated in one batch wins, as if they had been set one by one.
  const byKey = new Map(tags.map((t) => [t.key, t.value]));
  await tx
    .insert(experimentTags)
    .values([...byKey].map(([key, value]) => ({ runId, key, value })))
    .onConflictDoUpdate({ target: [experimentTags.runId, experimentTags.key], set: { value: sql`excluded.value` } });
}

/**
 * Appends metric points in batch INSERTs (an identical point is stored once)
 * and moves each key's latest point forward when a new point is later by
 * (step, timestamp, value): MLflow's rule, with Postgres' float order (NaN
 * above every number) breaking exact ties.
 */
export async function insertMetrics(tx: Executor, runId: string, points: readonly MetricWrite[]): Promise<void> {
  if (points.length === 0) return;
  for (let i = 0; i < points.length; i += CHUNK) {
    await tx
      .insert(experimentMetrics)
      .values(points.slice(i, i + CHUNK).map((p) => ({ runId, ...p })))
      .onConflictDoNothing();
  }
  const latest = new Map<string, MetricWrite>();
  for (const point of points) {
    const current = latest.get(point.key);
    if (!current || compareMetricPoints(point, current) > 0) latest.set(point.key, point);
  }
  const rows = [...latest.values()].map((p) => ({ runId, ...p }));
  for (let i = 0; i < rows.length; i += CHUNK) {
    await tx
      .insert(experimentLatestMetrics)
      .values(rows.slice(i, i + CHUNK))
      .onConflictDoUpdate({
        target: [experimentLatestMetrics.runId, experimentLatestMetrics.key],
        set: { step: sql`excluded.step`, timestamp: sql`excluded.timestamp`, value: sql`excluded.value` },
        setWhere: sql`(excluded.step, excluded.timestamp, excluded.value) > (${experimentLatestMetrics.step}, ${experimentLatestMetrics.timestamp}, ${experimentLatestMetrics.value})`,
      });
  }
}

/** Orders metric points as the store does: step, then timestamp, then value with NaN above every number. */
export function compareMetricPoints(a: Omit<MetricWrite, "key">, b: Omit<MetricWrite, "key">): number {
  if (a.step !== b.step) return a.step < b.step ? -1 : 1;
  if (a.timestamp !== b.timestamp) return a.timestamp < b.timestamp ? -1 : 1;
  const aNan = Number.isNaN(a.value);
  const bNan = Number.isNaN(b.value);
  if (aNan || bNan) return aNan === bNan ? 0 : aNan ? 1 : -1;
  return a.value === b.value ? 0 : a.value < b.value ? -1 : 1;
}

/** Records an input; logging the same dataset version in the same context again is a no-op. */
export async function insertInput(tx: Executor, values: typeof experimentInputs.$inferInsert): Promise<void> {
  await tx.insert(experimentInputs).values(values).onConflictDoNothing();
}

export async function findArtifact(db: Executor, runId: string, path: string): Promise<ArtifactRow | null> {
  const [row] = await db
    .select()
    .from(experimentArtifacts)
    .where(and(eq(experimentArtifacts.runId, runId), eq(experimentArtifacts.path, path)));
  return row ?? null;
}

export async function insertArtifact(tx: Executor, values: typeof experimentArtifacts.$inferInsert): Promise<ArtifactRow> {
  const [row] = await tx.insert(experimentArtifacts).values(values).returning();
  return row!;
}
