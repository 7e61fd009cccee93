import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import type { ArtifactStore } from "../artifacts/store";
import type { Dataset } from "../data/dataset";
import type { DataEngine } from "../data/engine";
import { quoteLiteral } from "../data/sql";
import { FeatureError } from "./errors";
import { parseFeatureView, resolveViewColumns } from "./feature-view";
import type { OfflineCatalogApi, OfflineVersion } from "./offline-catalog";

/**
 * The offline store: each write of a feature view's data becomes a new
 * numbered version, its rows a Parquet file in the artifact store and its
 * entry in the catalog. Reading a version gives back the very Dataset that
 * was written (same id, checked): a write whose column types would not
 * survive Parquet unchanged is refused instead.
 */

/**
 * Stores a view's data as its next version.
 * @example
 * const v = await writeOfflineView(engine, artifacts, catalog, { name: "user_stats", entities: ["user_id"], eventTimestamp: "ts", features: ["orders_7d"] }, stats);
 * v.version; // 3
 */
export async function writeOfflineView(
  engine: DataEngine, artifacts: ArtifactStore, catalog: OfflineCatalogApi, viewInput: unknown, data: Dataset,
): Promise<OfflineVersion> {
  const view = parseFeatureView(viewInput);
  resolveViewColumns(view, data);
  const dir = await mkdtemp(path.join(tmpdir(), "tracebook-offline-"));
  try {
    const file = path.join(dir, "data.parquet");
    await engine.execute(`COPY (SELECT * FROM ${data.table} ORDER BY rowid) TO ${quoteLiteral(file)} (FORMAT parquet)`);
    // Same types read back means the same values: Parquet stores these exactly.
    const back = await engine.describeTable(`SELECT * FROM read_parquet(${quoteLiteral(file)})`);
    const changed = data.columns.flatMap((c, i) => (back[i]?.type === c.type && back[i]?.name === c.name ? [] : [`${c.name} (${c.type} -> ${back[i]?.type ?? "?"})`]));
    if (changed.length > 0) {
      throw new FeatureError("schema_mismatch", `feature view "${view.name}": the data does not survive Parquet unchanged: ${changed.join(", ")}; cast those columns first`, { view: view.name });
    }
    const artifact = await artifacts.put(createReadStream(file));
    return await catalog.addVersion({
      view, datasetId: data.id, artifactId: artifact.id, rowCount: data.rowCount, columns: data.columns.map((c) => ({ name: c.name, type: c.type })),
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * A version of a view's data (the latest when `version` is left out), as a Dataset.
 * @example
 * const { dataset, view, version } = await readOfflineView(engine, artifacts, catalog, "user_stats");
 */
export async function readOfflineView(
  engine: DataEngine, artifacts: ArtifactStore, catalog: OfflineCatalogApi, viewName: string, options: { version?: number } = {},
): Promise<OfflineVersion & { dataset: Dataset }> {
  const entry = await catalog.getVersion({ view: viewName, ...(options.version !== undefined ? { version: options.version } : {}) });
  if (!entry) {
    const which = options.version === undefined ? "any version" : `version ${options.version}`;
    throw new FeatureError("not_found", `feature view "${viewName}" has no ${which} in the offline store`, { view: viewName });
  }
  const dir = await mkdtemp(path.join(tmpdir(), "tracebook-offline-"));
  try {
    const file = path.join(dir, "data.parquet");
    await pipeline(await artifacts.get(entry.artifactId), createWriteStream(file));
    const dataset = await engine.materialize(`SELECT * FROM read_parquet(${quoteLiteral(file)})`);
    if (dataset.id !== entry.datasetId) {
      throw new FeatureError("corrupt_artifact", `feature view "${viewName}" version ${entry.version}: the stored data is not the dataset ${entry.datasetId} recorded`);
    }
    return { ...entry, dataset };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
