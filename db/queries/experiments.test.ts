import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testStores, useTestStore } from "../../test/stores";
import type { Store } from "../client";
import {
  compareMetricPoints,
  findParamValues,
  insertArtifact,
  insertMetrics,
  insertParams,
  insertRun,
  updateRunStatus,
  upsertExperiment,
  upsertTags,
  type RunRow,
} from "./experiments";
import { artifactNodeId, linkArtifactLineage, linkInputLineage, linkRunLineage } from "./experiments-lineage";
import { listLatestMetrics, listMetricHistory, listTags } from "./experiments-read";
import { listExperimentKeys, listExperiments, searchRuns, type FilterClause, type RunOrder } from "./experiments-search";
import { insertInput } from "./experiments";
import { findLineageEdges, findLineageNodes } from "./lineage-graph";

const stores = testStores();

describe.each(stores)("experiment queries on $name", ({ open }) => {
  let store: Store;
  useTestStore(open, (opened) => (store = opened));

  const tx = <T>(fn: (t: Store["db"]) => Promise<T>) => store.db.transaction((t) => fn(t as unknown as Store["db"]));

  async function newRun(experimentId: string, name: string, values: Partial<RunRow> = {}): Promise<RunRow> {
    return insertRun(store.db, { experimentId, name, startTime: new Date("2030-01-01T00:00:00Z"), ...values });
  }

  it("keeps every metric point once, in step order, and the latest by (step, timestamp, value)", async () => {
    const experiment = await upsertExperiment(store.db, { name: `history-${randomUUID()}`, createdBy: null });
    const run = await newRun(experiment.id, "history");
    await tx((t) =>
      insertMetrics(t, run.id, [
        { key: "loss", value: 0.5, step: 2, timestamp: 1000 },
        { key: "loss", value: 0.9, step: 0, timestamp: 1000 },
        { key: "loss", value: 0.7, step: 1, timestamp: 1000 },
        // The identical point again is stored once (MLflow's metric identity is every field).
        { key: "loss", value: 0.7, step: 1, timestamp: 1000 },
        { key: "acc", value: NaN, step: 0, timestamp: 1000 },
      ]),
    );
    // A later batch with an earlier step adds history but does not move the latest point.
    await tx((t) => insertMetrics(t, run.id, [{ key: "loss", value: 0.1, step: 1, timestamp: 2000 }, { key: "acc", value: Infinity, step: 1, timestamp: 900 }, { key: "acc", value: -Infinity, step: 1, timestamp: 900 }]));
    const history = await listMetricHistory(store.db, run.id, "loss", 100);
    expect(history.map((p) => [p.step, p.timestamp, p.value])).toEqual([
      [0, 1000, 0.9],
      [1, 1000, 0.7],
      [1, 2000, 0.1],
      [2, 1000, 0.5],
    ]);
    expect((await listMetricHistory(store.db, run.id, "acc", 100)).map((p) => p.value)).toEqual([NaN, -Infinity, Infinity]);
    expect(await listMetricHistory(store.db, run.id, "loss", 2)).toHaveLength(2);
    const latest = await listLatestMetrics(store.db, [run.id]);
    expect(latest.map((m) => [m.key, m.step, m.timestamp, m.value])).toEqual([
      ["acc", 1, 900, Infinity],
      ["loss", 2, 1000, 0.5],
    ]);
    // Ties on step and timestamp go to the greater value, NaN above every number (the store's float order).
    await tx((t) => insertMetrics(t, run.id, [{ key: "acc", value: NaN, step: 1, timestamp: 900 }]));
    expect((await listLatestMetrics(store.db, [run.id])).find((m) => m.key === "acc")!.value).toBeNaN();
    expect(compareMetricPoints({ step: 1, timestamp: 1, value: NaN }, { step: 1, timestamp: 1, value: Infinity })).toBe(1);
    expect(compareMetricPoints({ step: 1, timestamp: 1, value: 2 }, { step: 2, timestamp: 0, value: 0 })).toBe(-1);
  });

  it("writes 5,000 points of one run in batches", async () => {
    const experiment = await upsertExperiment(store.db, { name: `bulk-${randomUUID()}`, createdBy: null });
    const run = await newRun(experiment.id, "bulk");
    const points = Array.from({ length: 5000 }, (_, i) => ({ key: i % 2 ? "a" : "b", value: i / 10, step: i, timestamp: 1 }));
    await tx((t) => insertMetrics(t, run.id, points));
    expect(await listMetricHistory(store.db, run.id, "a", 10_000)).toHaveLength(2500);
    expect((await listLatestMetrics(store.db, [run.id])).map((m) => [m.key, m.step])).toEqual([
      ["a", 4999],
      ["b", 4998],
    ]);
  });

  it("keeps a param's first value and lets tags be overwritten (the last of a batch wins)", async () => {
    const experiment = await upsertExperiment(store.db, { name: `params-${randomUUID()}`, createdBy: null });
    const run = await newRun(experiment.id, "params");
    await insertParams(store.db, run.id, [{ key: "lr", value: "0.1" }]);
    await insertParams(store.db, run.id, [{ key: "lr", value: "0.2" }, { key: "epochs", value: "3" }]);
    expect(Object.fromEntries(await findParamValues(store.db, run.id, ["lr", "epochs", "absent"]))).toEqual({ lr: "0.1", epochs: "3" });
    await upsertTags(store.db, run.id, [{ key: "team", value: "a" }, { key: "team", value: "b" }]);
    await upsertTags(store.db, run.id, [{ key: "team", value: "c" }]);
    expect((await listTags(store.db, [run.id])).map((t) => t.value)).toEqual(["c"]);
  });

  describe("search", () => {
    const notebookA = randomUUID();
    const notebookB = randomUUID();
    let experimentId: string;
    const runs: Record<"a" | "b" | "c" | "d", RunRow> = {} as never;
    const everything = { notebookIds: [notebookA, notebookB] };

    beforeAll(async () => {
      const experiment = await upsertExperiment(store.db, { name: `search-${randomUUID()}`, createdBy: null });
      experimentId = experiment.id;
      const at = (minute: number) => new Date(Date.UTC(2030, 0, 1, 0, minute));
      runs.a = await newRun(experimentId, "lr-0.1", { notebookId: notebookA, startTime: at(1) });
      runs.b = await newRun(experimentId, "lr-0.01", { notebookId: notebookA, startTime: at(2) });
      runs.c = await newRun(experimentId, "nan-run", { notebookId: notebookB, startTime: at(3) });
      runs.d = await newRun(experimentId, "pipeline", { notebookId: null, startTime: at(4) });
      await updateRunStatus(store.db, runs.a.id, "FINISHED", at(10));
      await updateRunStatus(store.db, runs.b.id, "FAILED", at(11));
      await insertParams(store.db, runs.a.id, [{ key: "lr", value: "0.1" }, { key: "optimizer", value: "Adam" }]);
      await insertParams(store.db, runs.b.id, [{ key: "lr", value: "0.01" }, { key: "optimizer", value: "sgd" }]);
      await insertParams(store.db, runs.c.id, [{ key: "lr", value: "0.1" }]);
      await insertParams(store.db, runs.d.id, [{ key: "lr", value: "1" }]);
      await tx((t) => insertMetrics(t, runs.a.id, [{ key: "acc", value: 0.5, step: 0, timestamp: 1 }, { key: "acc", value: 0.9, step: 1, timestamp: 2 }]));
      await tx((t) => insertMetrics(t, runs.b.id, [{ key: "acc", value: 0.95, step: 1, timestamp: 2 }]));
      await tx((t) => insertMetrics(t, runs.c.id, [{ key: "acc", value: NaN, step: 1, timestamp: 2 }]));
      await upsertTags(store.db, runs.a.id, [{ key: "team", value: "vision" }]);
      await upsertTags(store.db, runs.b.id, [{ key: "team", value: "nlp" }]);
      await tx(async (t) => {
        const { datasetId } = await linkInputLineage(t, runs.a, { namespace: "tracebook", name: "iris", digest: "d1" }, "training");
        await insertInput(t, { runId: runs.a.id, datasetId, namespace: "tracebook", name: "iris", digest: "d1", context: "training" });
      });
    });

    const names = async (filter: FilterClause[], order: RunOrder[] = [], visibility = everything, limit = 10, offset = 0) =>
      (await searchRuns(store.db, { experimentId, visibility, filter, order, limit, offset })).map((r) => r.name);

    it("filters on latest metrics with IEEE comparisons (NaN matches only !=)", async () => {
      expect(await names([{ entity: "metric", key: "acc", comparator: ">", value: 0.8 }])).toEqual(["lr-0.01", "lr-0.1"]);
      expect(await names([{ entity: "metric", key: "acc", comparator: "<", value: 0.92 }])).toEqual(["lr-0.1"]);
      expect(await names([{ entity: "metric", key: "acc", comparator: ">=", value: 0.95 }])).toEqual(["lr-0.01"]);
      expect(await names([{ entity: "metric", key: "acc", comparator: "=", value: 0.9 }])).toEqual(["lr-0.1"]);
      // The latest value is 0.9, not the 0.5 logged at step 0.
      expect(await names([{ entity: "metric", key: "acc", comparator: "=", value: 0.5 }])).toEqual([]);
      expect(await names([{ entity: "metric", key: "acc", comparator: "!=", value: 0.9 }])).toEqual(["nan-run", "lr-0.01"]);
    });

    it("filters on params, tags, attributes and datasets, and ANDs clauses", async () => {
      expect(await names([{ entity: "param", key: "lr", comparator: "=", value: "0.1" }])).toEqual(["nan-run", "lr-0.1"]);
      // A run without the key matches no comparison, `!=` included (as MLflow).
      expect(await names([{ entity: "param", key: "optimizer", comparator: "!=", value: "Adam" }])).toEqual(["lr-0.01"]);
      expect(await names([{ entity: "param", key: "optimizer", comparator: "ILIKE", value: "adam" }])).toEqual(["lr-0.1"]);
      expect(await names([{ entity: "param", key: "optimizer", comparator: "LIKE", value: "adam" }])).toEqual([]);
      expect(await names([{ entity: "tag", key: "team", comparator: "LIKE", value: "vis%" }])).toEqual(["lr-0.1"]);
      expect(await names([{ entity: "attribute", key: "status", comparator: "IN", value: ["FAILED", "RUNNING"] }])).toEqual(["pipeline", "nan-run", "lr-0.01"]);
      expect(await names([{ entity: "attribute", key: "status", comparator: "!=", value: "RUNNING" }])).toEqual(["lr-0.01", "lr-0.1"]);
      expect(await names([{ entity: "attribute", key: "run_name", comparator: "LIKE", value: "lr-%" }])).toEqual(["lr-0.01", "lr-0.1"]);
      expect(await names([{ entity: "attribute", key: "run_id", comparator: "=", value: runs.c.id }])).toEqual(["nan-run"]);
      expect(await names([{ entity: "attribute", key: "start_time", comparator: ">", value: Date.UTC(2030, 0, 1, 0, 2) }])).toEqual(["pipeline", "nan-run"]);
      expect(await names([{ entity: "attribute", key: "end_time", comparator: "<=", value: Date.UTC(2030, 0, 1, 0, 10) }])).toEqual(["lr-0.1"]);
      expect(await names([{ entity: "dataset", key: "context", comparator: "=", value: "training" }])).toEqual(["lr-0.1"]);
      expect(await names([{ entity: "dataset", key: "name", comparator: "NOT IN", value: ["iris"] }])).toEqual([]);
      expect(
        await names([
          { entity: "param", key: "lr", comparator: "=", value: "0.1" },
          { entity: "metric", key: "acc", comparator: ">", value: 0 },
        ]),
      ).toEqual(["lr-0.1"]);
    });

    it("orders by metrics with numbers first, then NaN, then runs without the key, in either direction", async () => {
      expect(await names([], [{ entity: "metric", key: "acc", ascending: false }])).toEqual(["lr-0.01", "lr-0.1", "nan-run", "pipeline"]);
      expect(await names([], [{ entity: "metric", key: "acc", ascending: true }])).toEqual(["lr-0.1", "lr-0.01", "nan-run", "pipeline"]);
      // Params order as text; runs without the key come last.
      expect(await names([], [{ entity: "param", key: "optimizer", ascending: true }])).toEqual(["lr-0.1", "lr-0.01", "pipeline", "nan-run"]);
      expect(await names([], [{ entity: "attribute", key: "run_name", ascending: true }])).toEqual(["lr-0.01", "lr-0.1", "nan-run", "pipeline"]);
      expect(await names([], [{ entity: "attribute", key: "end_time", ascending: false }])).toEqual(["lr-0.01", "lr-0.1", "pipeline", "nan-run"]);
      // The default: newest first.
      expect(await names([])).toEqual(["pipeline", "nan-run", "lr-0.01", "lr-0.1"]);
    });

    it("pages by offset and returns one extra row when another page follows", async () => {
      expect(await names([], [], everything, 2, 0)).toEqual(["pipeline", "nan-run", "lr-0.01"]);
      expect(await names([], [], everything, 2, 2)).toEqual(["lr-0.01", "lr-0.1"]);
      expect(await names([], [], everything, 2, 4)).toEqual([]);
    });

    it("shows only runs of visible notebooks (and runs made outside notebooks) in search, counts and keys", async () => {
      const onlyA = { notebookIds: [notebookA] };
      expect(await names([], [], onlyA)).toEqual(["pipeline", "lr-0.01", "lr-0.1"]);
      expect(await names([], [], { notebookIds: [] })).toEqual(["pipeline"]);
      const [listing] = await listExperiments(store.db, onlyA, experimentId);
      expect(listing).toMatchObject({ id: experimentId, runCount: 3 });
      expect(listing!.lastRunAt!.toISOString()).toBe("2030-01-01T00:04:00.000Z");
      expect((await listExperiments(store.db, everything, experimentId))[0]!.runCount).toBe(4);
      expect(await listExperimentKeys(store.db, experimentId, onlyA)).toEqual({ params: ["lr", "optimizer"], metrics: ["acc"], tags: ["team"] });
      expect(await listExperimentKeys(store.db, experimentId, { notebookIds: [] })).toEqual({ params: ["lr"], metrics: [], tags: [] });
    });
  });

  it("links runs, inputs and artifacts into the lineage graph with the run's notebook", async () => {
    const notebookId = randomUUID();
    const experiment = await upsertExperiment(store.db, { name: `lineage-${randomUUID()}`, createdBy: null });
    const parent = await newRun(experiment.id, "parent", { notebookId });
    const lineageRunId = randomUUID();
    const child = await newRun(experiment.id, "child", { notebookId, parentRunId: parent.id, lineageRunId });
    let versionNode = "";
    await tx(async (t) => {
      await linkRunLineage(t, experiment, parent);
      await linkRunLineage(t, experiment, child);
      const dataset = { namespace: "tracebook", name: `ds-${experiment.id}`, digest: "f".repeat(64) };
      const linked = await linkInputLineage(t, child, dataset, "training");
      versionNode = linked.versionNodeId;
      // The same version read again for validation: one edge that names both contexts.
      await insertInput(t, { runId: child.id, datasetId: linked.datasetId, ...dataset, context: "training" });
      await linkInputLineage(t, child, dataset, "validation");
      const artifact = await insertArtifact(t, { runId: child.id, path: "model/model.onnx", kind: "model", sha256: "a".repeat(64), size: 3, mediaType: "application/octet-stream" });
      await linkArtifactLineage(t, child, artifact);
    });
    const nodes = await findLineageNodes(store.db, [
      { kind: "experiment", id: experiment.id },
      { kind: "experiment_run", id: child.id },
      { kind: "dataset_version", id: versionNode },
      { kind: "model_artifact", id: artifactNodeId(child.id, "model/model.onnx") },
    ]);
    expect(Object.fromEntries(nodes.map((n) => [n.kind, n.notebookId]))).toEqual({
      experiment: null,
      experiment_run: notebookId,
      dataset_version: notebookId,
      model_artifact: notebookId,
    });
    const out = await findLineageEdges(store.db, "src", [{ kind: "experiment_run", id: child.id }], ["run_of", "child_of", "output"]);
    expect(out.map((e) => `${e.relation}:${e.dstKind}:${e.dstId}`).sort()).toEqual(
      [
        `child_of:experiment_run:${parent.id}`,
        `child_of:run:${lineageRunId}`,
        `output:model_artifact:${artifactNodeId(child.id, "model/model.onnx")}`,
        `run_of:experiment:${experiment.id}`,
      ].sort(),
    );
    const inputs = await findLineageEdges(store.db, "dst", [{ kind: "experiment_run", id: child.id }], ["input"]);
    expect(inputs).toEqual([{ srcKind: "dataset_version", srcId: versionNode, dstKind: "experiment_run", dstId: child.id, relation: "input", facets: { contexts: ["training", "validation"] } }]);
  });
});
