import { z } from "zod";
import { parseRequest } from "./requests";
import type { Database } from "../../db/client";
import { findFeatureViewVersion, insertFeatureViewVersion, listFeatureViewVersions, type FeatureViewVersionRow } from "../../db/queries/features-offline";
import { featureViewSchema, parseFeatureView, type FeatureView } from "./feature-view";

/**
 * The offline store's catalog (server side): which Parquet artifact holds
 * each numbered version of each feature view's data. Like the online store,
 * kernels reach it through a plain-JSON interface the server implements
 * with `createOfflineCatalog(db)` and the kernel child proxies.
 */
export interface OfflineVersion {
  view: FeatureView;
  version: number;
  datasetId: string;
  artifactId: string;
  rowCount: number;
  columns: { name: string; type: string }[];
  /** ISO time the version was recorded. */
  createdAt: string;
}

export interface OfflineCatalogApi {
  addVersion(request: { view: FeatureView; datasetId: string; artifactId: string; rowCount: number; columns: { name: string; type: string }[] }): Promise<OfflineVersion>;
  /** A given version, or the latest when `version` is left out; null when there is none. */
  getVersion(request: { view: string; version?: number }): Promise<OfflineVersion | null>;
  listVersions(request: { view: string }): Promise<OfflineVersion[]>;
}

const addSchema = z.strictObject({
  view: featureViewSchema,
  datasetId: z.string().regex(/^ds_[0-9a-f]{24}$/),
  artifactId: z.string().regex(/^[0-9a-f]{64}$/),
  rowCount: z.int().min(0),
  columns: z.array(z.strictObject({ name: z.string(), type: z.string() })).max(10_000),
});
const viewName = featureViewSchema.shape.name;
const getSchema = z.strictObject({ view: viewName, version: z.int().min(1).optional() });
const listSchema = z.strictObject({ view: viewName });

/**
 * The catalog over the server's database.
 * @example
 * const catalog = createOfflineCatalog(services.store.db);
 * const latest = await catalog.getVersion({ view: "user_stats" });
 */
export function createOfflineCatalog(db: Database): OfflineCatalogApi {
  return {
    async addVersion(request) {
      const { view, ...rest } = parseRequest(addSchema, request, "offline version");
      parseFeatureView(view);
      return toVersion(await insertFeatureViewVersion(db, { view: view.name, definition: view, ...rest }));
    },
    async getVersion(request) {
      const { view, version } = parseRequest(getSchema, request, "offline version request");
      const row = await findFeatureViewVersion(db, view, version);
      return row ? toVersion(row) : null;
    },
    async listVersions(request) {
      const { view } = parseRequest(listSchema, request, "offline versions request");
      return (await listFeatureViewVersions(db, view)).map(toVersion);
    },
  };
}

function toVersion(row: FeatureViewVersionRow): OfflineVersion {
  return {
    view: parseFeatureView(row.definition),
    version: row.version,
    datasetId: row.datasetId,
    artifactId: row.artifactId,
    rowCount: row.rowCount,
    columns: row.columns,
    createdAt: row.createdAt.toISOString(),
  };
}
