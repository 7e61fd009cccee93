import { z } from "zod";
import type { Principal } from "../../auth/principal";
import type { Database } from "../../db/client";
import {
  findDatasetNotebookIds,
  findLineageDataset,
  listDatasetVersions,
  listLineageDatasets,
  listVersionUses,
  type DatasetSummaryRow,
  type VersionUseRow,
} from "../../db/queries/lineage-datasets";
import type { LineageJobRow, LineageRunRow } from "../../db/queries/lineage-runs";
import type {
  DatasetDetailView,
  DatasetListQuery,
  DatasetListView,
  DatasetQuery,
  DatasetSummaryView,
  DatasetVersionView,
  LineageRunView,
} from "../../protocol/datasets";
import { AppError } from "../../protocol/errors";
import { filterReadable, readCheck, type CanRead } from "./access";
import { schemaFieldSchema } from "./event";

/**
 * The dataset pages' reads over the lineage store. Dataset names are
 * workspace-wide; versions and runs are listed to readers of their notebook
 * only (the same rule as the graph walk), asked once per notebook per request.
 */
export interface DatasetCatalog {
  list(principal: Principal, query: DatasetListQuery): Promise<DatasetListView>;
  get(principal: Principal, datasetId: string, query: DatasetQuery): Promise<DatasetDetailView>;
}

/** Runs listed per version and direction; the counts say how many there are. */
export const RUNS_PER_VERSION = 20;

const storedSchema = z.object({ fields: z.array(schemaFieldSchema) });

export function createDatasetCatalog(deps: { db: Database; canRead: CanRead }): DatasetCatalog {
  async function readable(principal: Principal, datasetId?: string): Promise<string[]> {
    return filterReadable(readCheck(deps.canRead, principal), await findDatasetNotebookIds(deps.db, datasetId));
  }

  return {
    async list(principal, query) {
      const rows = await listLineageDatasets(deps.db, {
        readable: await readable(principal),
        search: query.q || undefined,
        kind: query.kind,
        limit: query.limit + 1,
      });
      return { datasets: rows.slice(0, query.limit).map(toSummaryView), truncated: rows.length > query.limit };
    },

    async get(principal, datasetId, query) {
      const dataset = await findLineageDataset(deps.db, datasetId);
      if (!dataset) throw new AppError("not_found", "dataset not found");
      const visible = await readable(principal, datasetId);
      const [summary] = await listLineageDatasets(deps.db, { readable: visible, ids: [datasetId], limit: 1 });
      const versions = await listDatasetVersions(deps.db, datasetId, visible, query.limit + 1);
      const listed = versions.slice(0, query.limit);
      const uses = await listVersionUses(deps.db, datasetId, listed.map((v) => v.version), visible, RUNS_PER_VERSION);
      return {
        dataset: toSummaryView(summary!),
        truncated: versions.length > query.limit,
        versions: listed.map((v): DatasetVersionView => {
          const mine = uses.filter((u) => u.version === v.version);
          const [producedBy, producedByCount] = side(mine, "output");
          const [consumedBy, consumedByCount] = side(mine, "input");
          const schema = storedSchema.safeParse(v.schema);
          return {
            version: v.version,
            createdAt: v.createdAt.toISOString(),
            rowCount: v.rowCount,
            schema: schema.success ? schema.data : null,
            facets: isRecord(v.facets) ? v.facets : {},
            notebookId: v.notebookId,
            createdBy: v.createdBy ? toRunView(v.createdBy.run, v.createdBy.job) : null,
            producedBy,
            producedByCount,
            consumedBy,
            consumedByCount,
          };
        }),
      };
    },
  };
}

function side(uses: VersionUseRow[], direction: "input" | "output"): [LineageRunView[], number] {
  const rows = uses.filter((u) => u.direction === direction);
  return [rows.map((u) => toRunView(u.run, u.job)), rows[0]?.total ?? 0];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function toSummaryView(row: DatasetSummaryRow): DatasetSummaryView {
  return {
    id: row.id,
    kind: row.kind,
    namespace: row.namespace,
    name: row.name,
    createdAt: row.createdAt.toISOString(),
    versionCount: row.versionCount,
    latest: row.latest ? { version: row.latest.version, createdAt: row.latest.createdAt.toISOString(), rowCount: row.latest.rowCount } : null,
  };
}

function toRunView(run: LineageRunRow, job: LineageJobRow): LineageRunView {
  return {
    id: run.id,
    status: run.status,
    startedAt: run.startedAt?.toISOString() ?? null,
    endedAt: run.endedAt?.toISOString() ?? null,
    job: { id: job.id, namespace: job.namespace, name: job.name, kind: job.kind, notebookId: job.notebookId, cellId: job.cellId },
  };
}
