import { and, asc, desc, eq, inArray, isNotNull, isNull, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import {
  lineageDatasets,
  lineageDatasetVersions,
  lineageJobs,
  lineageNodes,
  lineageRunDatasets,
  lineageRuns,
} from "../schema/lineage";
import type { Executor } from "./executor";
import type { LineageJobRow, LineageRunRow } from "./lineage-runs";

/**
 * Datasets as the dataset pages read them: names (workspace-wide) with the
 * versions and runs a caller may see. Every query takes `readable`, the
 * notebooks whose lineage the caller may read (the service asks the policy);
 * a version or run of another notebook is left out, one of no notebook is shown.
 */
export type ReadableNotebooks = readonly string[];

export type LineageDatasetRow = typeof lineageDatasets.$inferSelect;

export interface DatasetSummaryRow extends LineageDatasetRow {
  /** Versions the caller may see. */
  versionCount: number;
  /** The newest of them. */
  latest: { version: string; createdAt: Date; rowCount: number | null } | null;
}

export interface DatasetVersionRow {
  version: string;
  createdAt: Date;
  rowCount: number | null;
  schema: unknown;
  facets: unknown;
  /** The notebook whose readers see this version; null for workspace-wide ones. */
  notebookId: string | null;
  /** The run that wrote it, when recorded and visible. */
  createdBy: { run: LineageRunRow; job: LineageJobRow } | null;
}

export interface VersionUseRow {
  version: string;
  direction: "input" | "output";
  run: LineageRunRow;
  job: LineageJobRow;
  /** Visible runs using this version this way, of which the newest `perVersion` are listed. */
  total: number;
}

const v = lineageDatasetVersions;
const d = lineageDatasets;
const n = lineageNodes;

function readableBy(column: AnyColumn, readable: ReadableNotebooks): SQL {
  return readable.length === 0 ? isNull(column) : or(isNull(column), inArray(column, [...readable]))!;
}

// The graph index keeps each version's notebook (the notebook of the run that recorded it first);
// its id is protocol/datasets.ts's versionNodeId, spelled in SQL.
const versionNode = and(eq(n.kind, "dataset_version"), eq(n.id, sql`${v.datasetId}::text || '@' || ${v.version}`))!;

/**
 * Newest first: versions written in one batch share their `createdAt` (the
 * transaction's time), so the time their run ended breaks the tie.
 */
const NEWEST_FIRST = [desc(v.createdAt), sql`coalesce(${lineageRuns.endedAt}, ${lineageRuns.startedAt}) desc nulls last`, asc(v.version)];

/** Notebooks holding versions of one dataset (or of any), and runs that used it: those whose readability matters. */
export async function findDatasetNotebookIds(db: Executor, datasetId?: string): Promise<string[]> {
  const versionNotebooks = await db
    .selectDistinct({ notebookId: n.notebookId })
    .from(v)
    .innerJoin(n, versionNode)
    .where(and(isNotNull(n.notebookId), datasetId ? eq(v.datasetId, datasetId) : undefined));
  const ids = new Set(versionNotebooks.map((r) => r.notebookId!));
  if (datasetId) {
    const runNotebooks = await db
      .selectDistinct({ notebookId: lineageJobs.notebookId })
      .from(lineageRunDatasets)
      .innerJoin(lineageRuns, eq(lineageRuns.id, lineageRunDatasets.runId))
      .innerJoin(lineageJobs, eq(lineageJobs.id, lineageRuns.jobId))
      .where(and(eq(lineageRunDatasets.datasetId, datasetId), isNotNull(lineageJobs.notebookId)));
    for (const r of runNotebooks) ids.add(r.notebookId!);
  }
  return [...ids];
}

export async function findLineageDataset(db: Executor, datasetId: string): Promise<LineageDatasetRow | null> {
  const [row] = await db.select().from(d).where(eq(d.id, datasetId));
  return row ?? null;
}

export interface DatasetListOptions {
  readable: ReadableNotebooks;
  /** Case-insensitive part of the name. */
  search?: string;
  kind?: string;
  ids?: readonly string[];
  limit: number;
}

/** Datasets with their visible version count and newest visible version, most recently versioned first. */
export async function listLineageDatasets(db: Executor, options: DatasetListOptions): Promise<DatasetSummaryRow[]> {
  const visible = db
    .select({ datasetId: v.datasetId, version: v.version, createdAt: v.createdAt })
    .from(v)
    .innerJoin(n, versionNode)
    .where(readableBy(n.notebookId, options.readable))
    .as("visible_versions");
  const latestAt = sql`max(${visible.createdAt})`;
  const rows = await db
    .select({
      dataset: d,
      versionCount: sql`count(${visible.version})`.mapWith(Number),
    })
    .from(d)
    .leftJoin(visible, eq(visible.datasetId, d.id))
    .where(
      and(
        // strpos, not LIKE: a search for "a_b" or "100%" means those characters.
        options.search ? sql`strpos(lower(${d.name}), lower(${options.search})) > 0` : undefined,
        options.kind ? eq(d.kind, options.kind) : undefined,
        options.ids ? inArray(d.id, [...options.ids]) : undefined,
      ),
    )
    .groupBy(d.id)
    .orderBy(sql`${latestAt} desc nulls last`, asc(d.namespace), asc(d.name), asc(d.id))
    .limit(options.limit);
  if (rows.length === 0) return [];
  const latest = await db
    .selectDistinctOn([v.datasetId], { datasetId: v.datasetId, version: v.version, createdAt: v.createdAt, rowCount: v.rowCount })
    .from(v)
    .innerJoin(n, versionNode)
    .leftJoin(lineageRuns, eq(lineageRuns.id, v.createdByRunId))
    .where(and(inArray(v.datasetId, rows.map((r) => r.dataset.id)), readableBy(n.notebookId, options.readable)))
    .orderBy(v.datasetId, ...NEWEST_FIRST);
  const byDataset = new Map(latest.map(({ datasetId, ...rest }) => [datasetId, rest]));
  return rows.map((r) => ({ ...r.dataset, versionCount: r.versionCount, latest: byDataset.get(r.dataset.id) ?? null }));
}

/** A dataset's visible versions, newest first, with the run that wrote each when the caller may see it. */
export async function listDatasetVersions(
  db: Executor,
  datasetId: string,
  readable: ReadableNotebooks,
  limit: number,
): Promise<DatasetVersionRow[]> {
  const rows = await db
    .select({
      version: v.version,
      createdAt: v.createdAt,
      rowCount: v.rowCount,
      schema: v.schema,
      facets: v.facets,
      notebookId: n.notebookId,
      run: lineageRuns,
      job: lineageJobs,
    })
    .from(v)
    .innerJoin(n, versionNode)
    .leftJoin(lineageRuns, eq(lineageRuns.id, v.createdByRunId))
    .leftJoin(lineageJobs, and(eq(lineageJobs.id, lineageRuns.jobId), readableBy(lineageJobs.notebookId, readable)))
    .where(and(eq(v.datasetId, datasetId), readableBy(n.notebookId, readable)))
    .orderBy(...NEWEST_FIRST)
    .limit(limit);
  return rows.map(({ run, job, ...rest }) => ({ ...rest, createdBy: run && job ? { run, job } : null }));
}

/**
 * The runs that wrote (`output`) and read (`input`) the given versions, newest
 * first, at most `perVersion` of each direction per version, with the total.
 */
export async function listVersionUses(
  db: Executor,
  datasetId: string,
  versions: readonly string[],
  readable: ReadableNotebooks,
  perVersion: number,
): Promise<VersionUseRow[]> {
  if (versions.length === 0) return [];
  const rd = lineageRunDatasets;
  const ranked = db
    .select({
      version: rd.version,
      direction: rd.direction,
      runId: rd.runId,
      rank: sql<number>`row_number() over (partition by ${rd.version}, ${rd.direction} order by coalesce(${lineageRuns.startedAt}, ${lineageRuns.endedAt}) desc nulls last, ${rd.runId})`.as("rank"),
      total: sql<number>`count(*) over (partition by ${rd.version}, ${rd.direction})`.as("total"),
    })
    .from(rd)
    .innerJoin(lineageRuns, eq(lineageRuns.id, rd.runId))
    .innerJoin(lineageJobs, eq(lineageJobs.id, lineageRuns.jobId))
    .where(and(eq(rd.datasetId, datasetId), inArray(rd.version, [...versions]), readableBy(lineageJobs.notebookId, readable)))
    .as("ranked");
  const rows = await db
    .select({ version: ranked.version, direction: ranked.direction, total: ranked.total, run: lineageRuns, job: lineageJobs })
    .from(ranked)
    .innerJoin(lineageRuns, eq(lineageRuns.id, ranked.runId))
    .innerJoin(lineageJobs, eq(lineageJobs.id, lineageRuns.jobId))
    .where(sql`${ranked.rank} <= ${perVersion}`)
    .orderBy(asc(ranked.version), asc(ranked.direction), asc(ranked.rank));
  return rows.map((r) => ({ ...r, total: Number(r.total) }));
}
