import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "../../db/client";
import { testStores, useTestStore } from "../../test/stores";
import { createFileArtifactStore, type FileArtifactStore } from "../artifacts/fs-store";
import { openFixture, readAll, type DataFixture } from "../data/testing";
import { createOfflineCatalog, type OfflineCatalogApi } from "./offline-catalog";
import { readOfflineView, writeOfflineView } from "./offline-store";

const VIEW = { name: "user_stats", entities: ["user_id"], eventTimestamp: "ts", features: ["orders", "spend"], ttlSeconds: 3600 };

let fx: DataFixture;
let root: string;
let artifacts: FileArtifactStore;

beforeAll(async () => {
  fx = await openFixture();
  root = await mkdtemp(path.join(os.tmpdir(), "features-offline-"));
  artifacts = createFileArtifactStore({ root });
});
afterAll(async () => {
  await fx.close();
  await rm(root, { recursive: true, force: true });
});

describe.each(testStores())("offline store on $name", ({ open }) => {
  let store: Store;
  let catalog: OfflineCatalogApi;
  useTestStore(open, (opened) => (store = opened));
  beforeAll(async () => {
    catalog = createOfflineCatalog(store.db);
  });

  it("keeps every written version and reads each back as the same Dataset", async () => {
    const data1 = await fx.engine.materialize(`SELECT * FROM (VALUES
      ('u1', TIMESTAMPTZ '2024-01-10 12:00:00.000001+02', 3::BIGINT, 12.34::DECIMAL(10,2)),
      ('u2', TIMESTAMPTZ '2024-01-11 00:00:00+00', NULL, NULL)) AS t(user_id, ts, orders, spend)`);
    const data2 = await fx.engine.materialize(`SELECT * FROM ${data1.table} UNION ALL SELECT 'u3', TIMESTAMPTZ '2024-01-12 00:00:00+00', 9, -0.5`);
    const v1 = await writeOfflineView(fx.engine, artifacts, catalog, VIEW, data1);
    const v2 = await writeOfflineView(fx.engine, artifacts, catalog, VIEW, data2);
    expect([v1.version, v2.version]).toEqual([1, 2]);
    expect(v2).toMatchObject({ view: VIEW, datasetId: data2.id, rowCount: 3 });
    expect(v2.artifactId).toMatch(/^[0-9a-f]{64}$/);

    const latest = await readOfflineView(fx.engine, artifacts, catalog, "user_stats");
    expect(latest.version).toBe(2);
    expect(latest.dataset.id).toBe(data2.id);
    const old = await readOfflineView(fx.engine, artifacts, catalog, "user_stats", { version: 1 });
    expect(old.dataset.id).toBe(data1.id);
    expect(await readAll(fx.engine, old.dataset)).toEqual(await readAll(fx.engine, data1));
    expect((await catalog.listVersions({ view: "user_stats" })).map((v) => v.datasetId)).toEqual([data1.id, data2.id]);
  });

  it("refuses data Parquet would change, data that is not the view's, and unknown views", async () => {
    const huge = await fx.engine.materialize("SELECT 'u1' AS user_id, TIMESTAMP '2024-01-01' AS ts, 1::HUGEINT AS orders, 2.0 AS spend");
    await expect(writeOfflineView(fx.engine, artifacts, catalog, VIEW, huge)).rejects.toThrow(
      'feature view "user_stats": the data does not survive Parquet unchanged: orders (HUGEINT -> DOUBLE); cast those columns first',
    );
    const wrong = await fx.engine.materialize("SELECT 'u1' AS user_id, TIMESTAMP '2024-01-01' AS ts, 1 AS orders");
    await expect(writeOfflineView(fx.engine, artifacts, catalog, VIEW, wrong)).rejects.toThrow("its data lacks column(s) spend");
    await expect(readOfflineView(fx.engine, artifacts, catalog, "nobody")).rejects.toMatchObject({ code: "not_found" });
    await expect(readOfflineView(fx.engine, artifacts, catalog, "user_stats", { version: 99 })).rejects.toThrow('feature view "user_stats" has no version 99');
  });
});
