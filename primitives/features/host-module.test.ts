import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openStore, type Store } from "../../db/client";
import type { HostModule } from "../../kernel/process/host";
import { HandleTable } from "../../kernel/process/sandbox/handles";
import { toIsolateValue } from "../../kernel/process/sandbox/host-values";
import type { KernelCallContext } from "../../kernel/process/host";
import { createTestCallContext } from "../../kernel/process/testing";
import { createFileArtifactStore } from "../artifacts/fs-store";
import { unwrapDataset } from "../data/dataset";
import { openFixture, readAll, type DataFixture } from "../data/testing";
import { createFeaturesHostModule } from "./host-module";
import { createOfflineCatalog } from "./offline-catalog";
import { createOnlineStore } from "./online-store";

/** The module as a kernel would call it: handles in, handles or plain data out, through the sandbox's own conversion. */
let fx: DataFixture;
let store: Store;
let root: string;
let module: HostModule;
let handles: HandleTable;
let ctx: KernelCallContext;

const call = async (name: string, ...args: unknown[]) => toIsolateValue(name, await module.functions[name]!(args, ctx), handles);

beforeAll(async () => {
  fx = await openFixture();
  store = await openStore({ pgliteDir: "memory://" });
  root = await mkdtemp(path.join(os.tmpdir(), "features-host-"));
  module = createFeaturesHostModule({
    engine: async () => fx.engine,
    artifacts: createFileArtifactStore({ root }),
    online: createOnlineStore(store.db),
    offline: createOfflineCatalog(store.db),
  });
  handles = new HandleTable();
  ({ ctx } = createTestCallContext({ handles }));
});
afterAll(async () => {
  handles.dispose();
  await store.close();
  await fx.close();
  await rm(root, { recursive: true, force: true });
});

it("fits, stores, loads and applies a feature set through handles", async () => {
  const train = handles.add(await fx.engine.materialize("SELECT * FROM (VALUES ('u1', 1.0), ('u2', 3.0)) AS t(user_id, x)"), "Dataset");
  const fs = (await call("fit", { name: "h", passthrough: ["user_id"], transforms: [{ type: "standardize", name: "x_z", input: "x" }] }, train)) as { __tbHandle: string; kind: string };
  expect(fs.kind).toBe("FeatureSet");
  const info = (await call("describe", fs)) as { kind: string; version: string; params: unknown[] };
  expect(info).toMatchObject({ kind: "FeatureSet", params: [{ mean: 2, scale: 1 }] });
  const loaded = await call("load", info.version);
  expect(await call("transformOne", loaded, { user_id: "u9", x: 4 })).toEqual({ user_id: "u9", x_z: 2 });
  const out = (await call("transform", fs, train)) as { kind: string };
  expect(out.kind).toBe("Dataset");
  expect(await readAll(fx.engine, unwrapDataset(handles.get(out, "Dataset"))!)).toEqual([{ user_id: "u1", x_z: -1 }, { user_id: "u2", x_z: 1 }]);
  await expect(call("transform", train, train)).rejects.toThrow("expected a handle to a FeatureSet, got a Dataset");
  await expect(call("load", "f".repeat(64))).rejects.toMatchObject({ code: "not_found" });
});

it("joins, materializes, serves and versions views through handles", async () => {
  const stats = handles.add(await fx.engine.materialize(`SELECT * FROM (VALUES
    ('u1', TIMESTAMP '2024-01-01', 1), ('u1', TIMESTAMP '2024-01-03', 2)) AS t(user_id, ts, orders)`), "Dataset");
  const labels = handles.add(await fx.engine.materialize("SELECT 'u1' AS user_id, TIMESTAMP '2024-01-02' AS event_timestamp"), "Dataset");
  const view = { name: "stats", entities: ["user_id"], eventTimestamp: "ts", features: ["orders"] };
  const joined = await call("pointInTimeJoin", labels, [{ view, data: stats }]);
  expect(await readAll(fx.engine, unwrapDataset(handles.get(joined, "Dataset"))!)).toMatchObject([{ user_id: "u1", orders: 1 }]);
  expect(await call("materialize", view, stats)).toEqual({ view: "stats", entities: 1, stored: 1, writes: 1, nullKeyRows: 0, contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  expect(await call("getOnline", "stats", [{ user_id: "u1" }, { user_id: "u2" }])).toEqual([
    { key: { user_id: "u1" }, values: { orders: 2 }, eventTs: "2024-01-03T00:00:00.000000Z", createdTs: null },
    null,
  ]);
  expect(await call("writeOffline", view, stats)).toMatchObject({ version: 1, rowCount: 2 });
  const read = (await call("readOffline", "stats")) as { version: number; dataset: { kind: string } };
  expect(read).toMatchObject({ version: 1, dataset: { kind: "Dataset" } });
  expect(await call("offlineVersions", "stats")).toHaveLength(1);
  await expect(call("getOnline", "stats", "u1")).rejects.toThrow("features.getOnline takes a view name and an array of entity keys");
});
