import { and, eq, sql } from "drizzle-orm";
import {
  lineageDatasets,
  lineageDatasetVersions,
  lineageEdges,
  lineageJobs,
  lineageNodes,
  lineageRunDatasets,
  lineageRunEvents,
  lineageRuns,
} from "../schema/lineage";
import { versionNodeId } from "../../protocol/datasets";
import { CONTEXT_FACET, PROFILE_FACET, SAMPLE_FACET } from "../../primitives/lineage/facets";

/** Facets that describe a version's content and may be added after its first record. */
const PREVIEW_FACETS = new Set([PROFILE_FACET, SAMPLE_FACET]);
import type { Database } from "../client";
import type { Executor } from "./executor";

/** One validated lineage event as the store takes it (the recorder's `LineageEvent` fits). */
export interface LineageEventWrite {
  eventType: "START" | "COMPLETE" | "FAIL" | "ABORT";
  eventTime: string;
  run: { runId: string; parentRunId?: string; facets: Record<string, unknown> };
  job: { namespace: string; name: string; kind: "notebook" | "cell" | "pipeline"; notebookId?: string; cellId?: string };
  actorId?: string;
  inputs: DatasetUseWrite[];
  outputs: DatasetUseWrite[];
}

export interface DatasetUseWrite {
  kind: string;
  namespace: string;
  name: string;
  version: string;
  facets: Record<string, unknown> & { schema?: unknown; rowCount?: number };
}

const STATUS = { START: "running", COMPLETE: "completed", FAIL: "failed", ABORT: "aborted" } as const;

/** Writes a batch of events in one transaction: all of them are durable, or none. */
export async function writeLineageBatch(db: Database, events: readonly LineageEventWrite[]): Promise<void> {
  await db.transaction(async (tx) => {
    for (const event of events) await writeEvent(tx, event);
  });
}

async function writeEvent(tx: Executor, event: LineageEventWrite): Promise<void> {
  const { job, run } = event;
  const jobId = await upsertJob(tx, job);
  const notebookId = job.notebookId ?? null;
  const time = new Date(event.eventTime);
  const terminal = event.eventType !== "START";
  await tx
    .insert(lineageRuns)
    .values({
      id: run.runId,
      jobId,
      status: STATUS[event.eventType],
      parentRunId: run.parentRunId ?? null,
      startedAt: terminal ? null : time,
      endedAt: terminal ? time : null,
      actorId: event.actorId ?? null,
      facets: run.facets,
    })
    .onConflictDoUpdate({
      target: lineageRuns.id,
      // A late START never reopens a finished run; facets accumulate over events.
      set: terminal
        ? { status: STATUS[event.eventType], endedAt: time, facets: sql`${lineageRuns.facets} || excluded.facets` }
        : { startedAt: sql`coalesce(${lineageRuns.startedAt}, excluded.started_at)`, facets: sql`${lineageRuns.facets} || excluded.facets` },
    });
  await tx.insert(lineageRunEvents).values({ runId: run.runId, eventType: event.eventType, eventTime: time, facets: run.facets });

  await insertLineageNodes(tx, [
    { kind: "job", id: jobId, label: `${job.namespace}/${job.name}`, notebookId },
    { kind: "run", id: run.runId, label: `${job.name} run`, notebookId },
  ]);
  const edges: LineageEdgeWrite[] = [{ src: ["run", run.runId], dst: ["job", jobId], relation: "run_of" }];
  if (run.parentRunId) edges.push({ src: ["run", run.runId], dst: ["run", run.parentRunId], relation: "child_of" });
  for (const [direction, uses] of [["input", event.inputs], ["output", event.outputs]] as const) {
    for (const use of uses) {
      const node = await writeDatasetUse(tx, run.runId, notebookId, direction, use);
      edges.push({ src: ["dataset_version", node.versionNodeId], dst: [use.kind, node.datasetId], relation: "version_of" });
      const context = use.facets[CONTEXT_FACET] as { contexts?: unknown } | undefined;
      const facets = context?.contexts ? { contexts: context.contexts } : {};
      edges.push(
        direction === "input"
          ? { src: ["dataset_version", node.versionNodeId], dst: ["run", run.runId], relation: "input", facets }
          : { src: ["run", run.runId], dst: ["dataset_version", node.versionNodeId], relation: "output", facets },
      );
    }
  }
  await insertLineageEdges(tx, edges);
}

async function upsertJob(tx: Executor, job: LineageEventWrite["job"]): Promise<string> {
  const [row] = await tx
    .insert(lineageJobs)
    .values({ namespace: job.namespace, name: job.name, kind: job.kind, notebookId: job.notebookId ?? null, cellId: job.cellId ?? null })
    // A no-op update so that `returning` yields the existing row's id.
    .onConflictDoUpdate({ target: [lineageJobs.namespace, lineageJobs.name], set: { namespace: sql`excluded.namespace` } })
    .returning({ id: lineageJobs.id });
  return row!.id;
}

async function writeDatasetUse(
  tx: Executor,
  runId: string,
  notebookId: string | null,
  direction: "input" | "output",
  use: DatasetUseWrite,
): Promise<{ datasetId: string; versionNodeId: string }> {
  const dataset = await upsertLineageDataset(tx, use);
  const datasetId = dataset.id;
  const { schema, rowCount, ...rest } = use.facets;
  // The context is said of this use only; the version is read in other contexts too.
  const { [CONTEXT_FACET]: _context, ...versionFacets } = rest;
  const inserted = await tx
    .insert(lineageDatasetVersions)
    .values({
      datasetId,
      version: use.version,
      schema: schema ?? null,
      rowCount: rowCount ?? null,
      facets: versionFacets,
      createdByRunId: direction === "output" ? runId : null,
    })
    .onConflictDoNothing()
    .returning({ version: lineageDatasetVersions.version });
  const previews = Object.fromEntries(Object.entries(rest).filter(([key]) => PREVIEW_FACETS.has(key)));
  if (inserted.length === 0 && Object.keys(previews).length > 0) {
    // A version is immutable, and so is what was first said of it; but a preview
    // (its profile, its first rows) is a function of the content, so one taken
    // later is added where the version has none yet.
    await tx
      .update(lineageDatasetVersions)
      .set({ facets: sql`${JSON.stringify(previews)}::jsonb || ${lineageDatasetVersions.facets}` })
      .where(and(eq(lineageDatasetVersions.datasetId, datasetId), eq(lineageDatasetVersions.version, use.version)));
  }
  const nodeId = versionNodeId(datasetId, use.version);
  await insertLineageNodes(tx, [
    { kind: dataset.kind, id: datasetId, label: `${use.namespace}/${use.name}`, notebookId: null },
    // A version is visible to readers of the notebook that made it (or first read it).
    ...(inserted.length > 0 ? [{ kind: "dataset_version", id: nodeId, label: `${use.name}@${use.version.slice(0, 12)}`, notebookId }] : []),
  ]);
  await tx
    .insert(lineageRunDatasets)
    .values({ runId, datasetId, version: use.version, direction, facets: rest })
    .onConflictDoUpdate({
      target: [lineageRunDatasets.runId, lineageRunDatasets.datasetId, lineageRunDatasets.version, lineageRunDatasets.direction],
      set: { facets: sql`${lineageRunDatasets.facets} || excluded.facets` },
    });
  return { datasetId, versionNodeId: nodeId };
}

/**
 * The dataset named `namespace/name`, created when new; its id and the kind it
 * was first recorded with.
 */
export async function upsertLineageDataset(
  tx: Executor,
  dataset: { kind: string; namespace: string; name: string },
): Promise<{ id: string; kind: string }> {
  const [row] = await tx
    .insert(lineageDatasets)
    .values({ kind: dataset.kind, namespace: dataset.namespace, name: dataset.name })
    // A no-op update so that `returning` yields the existing row.
    .onConflictDoUpdate({ target: [lineageDatasets.namespace, lineageDatasets.name], set: { name: sql`excluded.name` } })
    .returning({ id: lineageDatasets.id, kind: lineageDatasets.kind });
  return row!;
}

export interface LineageNodeWrite {
  kind: string;
  id: string;
  label: string;
  notebookId: string | null;
}

export interface LineageEdgeWrite {
  src: [string, string];
  dst: [string, string];
  relation: string;
  /** Facets of this use; merged over what the edge already says (a later key wins). */
  facets?: Record<string, unknown>;
}

/** Adds graph nodes; a node already indexed keeps its label and notebook. */
export async function insertLineageNodes(tx: Executor, nodes: LineageNodeWrite[]): Promise<void> {
  if (nodes.length === 0) return;
  await tx.insert(lineageNodes).values(nodes).onConflictDoNothing();
}

export async function insertLineageEdges(tx: Executor, edges: LineageEdgeWrite[]): Promise<void> {
  // One statement may not update a row twice: the same edge named twice is merged first.
  const merged = new Map<string, LineageEdgeWrite>();
  for (const e of edges) {
    const key = JSON.stringify([e.src, e.dst, e.relation]);
    const earlier = merged.get(key);
    merged.set(key, earlier ? { ...e, facets: { ...earlier.facets, ...e.facets } } : e);
  }
  const plain = [...merged.values()].filter((e) => !e.facets || Object.keys(e.facets).length === 0);
  const described = [...merged.values()].filter((e) => e.facets && Object.keys(e.facets).length > 0);
  const row = (e: LineageEdgeWrite) => ({ srcKind: e.src[0], srcId: e.src[1], dstKind: e.dst[0], dstId: e.dst[1], relation: e.relation, facets: e.facets ?? {} });
  if (plain.length > 0) await tx.insert(lineageEdges).values(plain.map(row)).onConflictDoNothing();
  if (described.length > 0) {
    await tx
      .insert(lineageEdges)
      .values(described.map(row))
      .onConflictDoUpdate({
        target: [lineageEdges.srcKind, lineageEdges.srcId, lineageEdges.dstKind, lineageEdges.dstId, lineageEdges.relation],
        set: { facets: sql`${lineageEdges.facets} || excluded.facets` },
      });
  }
}
