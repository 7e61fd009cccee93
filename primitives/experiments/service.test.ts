import { createHash, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { text } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../../auth/principal";
import { openStore, type Store } from "../../db/client";
import { AppError, isAppError } from "../../protocol/errors";
import type { UserId } from "../../protocol/ids";
import { createFileArtifactStore } from "../artifacts/fs-store";
import { createTracking, type Tracking } from "./service";
import { KERNEL_RUN_TAG } from "./writer";

const principal = (name: string): Principal => ({ user: { id: randomUUID() as UserId, username: name, name, role: "member" }, via: "session" });

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected the call to fail");
}

describe("experiment tracking service (PGlite)", () => {
  let store: Store;
  let dir: string;
  let tracking: Tracking;
  let clock = Date.UTC(2030, 0, 1);
  const notebookA: string = randomUUID();
  const notebookB: string = randomUUID();
  const alice = principal("alice");
  const bob = principal("bob");
  const vera = principal("vera");
  /** Alice runs both notebooks; Bob runs notebook A; Vera only reads A. */
  const readers = new Map([
    [alice, [notebookA, notebookB]],
    [bob, [notebookA]],
    [vera, [notebookA]],
  ]);
  const runners = new Map([
    [alice, [notebookA, notebookB]],
    [bob, [notebookA]],
  ]);

  beforeAll(async () => {
    store = await openStore({ pgliteDir: "memory://" });
    dir = await mkdtemp(path.join(os.tmpdir(), "tracking-"));
    tracking = createTracking({
      db: store.db,
      artifacts: createFileArtifactStore({ root: dir }),
      now: () => new Date(clock),
      canRead: async (who, id) => {
        if (!readers.get(who)?.includes(id)) throw new AppError("not_found", "notebook not found");
      },
      canRun: async (who, id) => {
        if (!readers.get(who)?.includes(id)) throw new AppError("not_found", "notebook not found");
        if (!runners.get(who)?.includes(id)) throw new AppError("forbidden", "the viewer role does not allow notebook.run");
      },
      readableNotebooks: async (who) => readers.get(who) ?? [],
    });
  });

  afterAll(async () => {
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const newRun = (name: string, notebookId: string | null = notebookA, experiment = "service") =>
    tracking.writer.createRun({ experiment, name, notebookId, actorId: alice.user.id });

  describe("params are write-once", () => {
    it("accepts the same value again and refuses a different one, naming the key and both values", async () => {
      const run = await newRun("params");
      await tracking.writer.logParam(run.id, "lr", 0.1);
      await tracking.writer.logParams(run.id, [{ key: "lr", value: "0.1" }, { key: "epochs", value: 10 }, { key: "shuffle", value: true }]);
      const error = await failure(tracking.writer.logParam(run.id, "lr", 0.2));
      expect(error.code).toBe("param_conflict");
      expect(error.message).toBe(`param "lr" was already logged with value "0.1" for run "params" (${run.id}); params are write-once, so "0.2" was not logged`);
      const detail = await tracking.getRun(alice, run.id);
      expect(detail.params).toEqual([
        { key: "epochs", value: "10" },
        { key: "lr", value: "0.1" },
        { key: "shuffle", value: "true" },
      ]);
    });

    it("writes nothing of a batch that holds a conflict (params, metrics and tags alike)", async () => {
      const run = await newRun("batch");
      await tracking.writer.logParam(run.id, "lr", "0.1");
      const error = await failure(
        tracking.writer.logBatch(run.id, {
          params: [{ key: "depth", value: 3 }, { key: "lr", value: "0.3" }],
          metrics: [{ key: "loss", value: 1 }],
          tags: [{ key: "team", value: "x" }],
        }),
      );
      expect(error.code).toBe("param_conflict");
      const twice = await failure(tracking.writer.logParams(run.id, [{ key: "seed", value: 1 }, { key: "seed", value: 2 }]));
      expect(twice).toMatchObject({ code: "param_conflict", message: expect.stringContaining(`param "seed" appears in the batch with value "1"`) });
      const detail = await tracking.getRun(alice, run.id);
      expect(detail.params).toEqual([{ key: "lr", value: "0.1" }]);
      expect(detail.metrics).toEqual([]);
      expect(detail.tags).toEqual([]);
    });

    it("refuses keys MLflow refuses and oversized values, with the key in the message", async () => {
      const run = await newRun("keys");
      expect(await failure(tracking.writer.logParam(run.id, "../etc", 1))).toMatchObject({ code: "invalid_body", message: expect.stringContaining(`key: "../etc" is also used as a path`) });
      expect(await failure(tracking.writer.logParam(run.id, "a;b", 1))).toMatchObject({ message: expect.stringContaining("may contain only letters") });
      expect(await failure(tracking.writer.logParam(run.id, "big", "x".repeat(6001)))).toMatchObject({ message: expect.stringContaining("at most 6000") });
      expect(await failure(tracking.writer.logMetric(run.id, "loss", "lots"))).toMatchObject({ code: "invalid_body" });
      expect(await failure(tracking.writer.logMetric(run.id, "loss", 1, 1.5))).toMatchObject({ message: expect.stringContaining("step: must be an integer") });
      expect(await failure(tracking.writer.logParam("not-a-run", "a", 1))).toMatchObject({ code: "invalid_id" });
      expect(await failure(tracking.writer.logParam(randomUUID(), "a", 1))).toMatchObject({ code: "not_found" });
    });
  });

  it("keeps a metric's history in step order with NaN and Infinity, and shows the latest point", async () => {
    const run = await newRun("history");
    clock = Date.UTC(2030, 0, 2);
    await tracking.writer.logMetric(run.id, "loss", 0.4, 2);
    // Numbers and their wire text alike: a route's parsed body reaches the writer with NaN as a number.
    await tracking.writer.logMetric(run.id, "loss", Number.NEGATIVE_INFINITY, 3, 1);
    await tracking.writer.logMetrics(run.id, [
      { key: "loss", value: 0.9, step: 0 },
      { key: "loss", value: "NaN", step: 1, timestamp: 5 },
      { key: "loss", value: "Infinity", step: 1, timestamp: 6 },
      { key: "acc", value: 0.7 },
    ]);
    const history = await tracking.metricHistory(vera, run.id, "loss");
    expect(history).toEqual({
      truncated: false,
      points: [
        { step: 0, timestamp: clock, value: 0.9 },
        { step: 1, timestamp: 5, value: "NaN" },
        { step: 1, timestamp: 6, value: "Infinity" },
        { step: 2, timestamp: clock, value: 0.4 },
        { step: 3, timestamp: 1, value: "-Infinity" },
      ],
    });
    expect((await tracking.getRun(vera, run.id)).metrics).toEqual([
      { key: "acc", step: 0, timestamp: clock, value: 0.7 },
      { key: "loss", step: 3, timestamp: 1, value: "-Infinity" },
    ]);
  });

  describe("status transitions", () => {
    it("ends a RUNNING run once; the same status again is a no-op and another is refused", async () => {
      const run = await newRun("ending");
      expect(run.status).toBe("RUNNING");
      clock = Date.UTC(2030, 0, 3);
      const ended = await tracking.writer.endRun(run.id, "FINISHED");
      expect(ended).toMatchObject({ status: "FINISHED", endTime: new Date(clock).toISOString() });
      clock += 60_000;
      expect(await tracking.writer.endRun(run.id, "FINISHED")).toEqual(ended);
      const change = await failure(tracking.writer.endRun(run.id, "FAILED"));
      expect(change).toEqual({ code: "run_ended", message: `run "ending" (${run.id}) already ended as FINISHED; its status cannot change to FAILED` });
      expect(await failure(tracking.writer.endRun(run.id, "RUNNING" as never))).toMatchObject({ code: "invalid_body" });
    });

    it("refuses params, metrics, inputs and artifacts on an ended run but still takes tags", async () => {
      const run = await newRun("closed");
      await tracking.writer.endRun(run.id, "FAILED");
      for (const call of [
        tracking.writer.logParam(run.id, "a", 1),
        tracking.writer.logMetric(run.id, "m", 1),
        tracking.writer.logInput(run.id, { dataset: { name: "iris", digest: "d" }, context: "training" }),
        tracking.writer.logArtifact(run.id, { path: "a.txt", content: new TextEncoder().encode("a") }),
      ]) {
        expect(await failure(call)).toMatchObject({ code: "run_ended", message: expect.stringContaining("is FAILED") });
      }
      await tracking.writer.setTag(run.id, "note", "diverged at epoch 3");
      expect((await tracking.getRun(alice, run.id)).tags).toEqual([{ key: "note", value: "diverged at epoch 3" }]);
    });

    it("refuses an end time before the start", async () => {
      const run = await tracking.writer.createRun({ experiment: "service", notebookId: notebookA, startTime: 10_000 });
      expect(await failure(tracking.writer.endRun(run.id, "FINISHED", 5_000))).toMatchObject({ code: "invalid_body", message: expect.stringContaining("before the run's start") });
      expect(run.name).toBe(`run-${run.id.slice(0, 8)}`);
    });

    it("marks a notebook's RUNNING runs KILLED and leaves other notebooks and ended runs alone", async () => {
      const notebook: string = randomUUID();
      const running = await newRun("interrupted", notebook);
      const done = await newRun("done", notebook);
      await tracking.writer.endRun(done.id, "FINISHED");
      const elsewhere = await newRun("elsewhere", notebookB);
      expect(await tracking.writer.killRunningRuns(notebook)).toEqual([running.id]);
      readers.get(alice)!.push(notebook);
      expect((await tracking.getRun(alice, running.id)).status).toBe("KILLED");
      expect((await tracking.getRun(alice, done.id)).status).toBe("FINISHED");
      expect((await tracking.getRun(alice, elsewhere.id)).status).toBe("RUNNING");
    });

    it("at start-up ends as KILLED the runs kernels left RUNNING, and only those", async () => {
      const kernelRun = (name: string) => tracking.writer.createRun({ experiment: "service", name, notebookId: notebookA, tags: [KERNEL_RUN_TAG] });
      const orphan = await kernelRun("orphan");
      const finished = await kernelRun("finished");
      await tracking.writer.endRun(finished.id, "FINISHED");
      const fromTheApi = await newRun("from the API");
      expect(await tracking.writer.killOrphanedKernelRuns()).toEqual([orphan.id]);
      expect((await tracking.getRun(alice, orphan.id)).status).toBe("KILLED");
      expect((await tracking.getRun(alice, finished.id)).status).toBe("FINISHED");
      expect((await tracking.getRun(alice, fromTheApi.id)).status).toBe("RUNNING");
      expect(await tracking.writer.killOrphanedKernelRuns()).toEqual([]);
    });
  });

  it("stores artifacts content-addressed, write-once per path, and serves them to readers", async () => {
    const run = await newRun("artifacts");
    const bytes = new TextEncoder().encode("weights");
    const artifact = await tracking.writer.logArtifact(run.id, { path: "model/weights.bin", kind: "model", content: bytes });
    expect(artifact).toMatchObject({ path: "model/weights.bin", kind: "model", size: 7, mediaType: "application/octet-stream" });
    expect(artifact.sha256).toBe(createHash("sha256").update("weights").digest("hex"));
    // The same bytes under another path, by id: no second upload.
    const byId = await tracking.writer.logArtifact(run.id, { path: "copy.bin", artifactId: artifact.sha256 });
    expect(byId.sha256).toBe(artifact.sha256);
    expect(await tracking.writer.logArtifact(run.id, { path: "model/weights.bin", kind: "model", content: bytes })).toEqual(artifact);
    const clash = await failure(tracking.writer.logArtifact(run.id, { path: "model/weights.bin", content: new TextEncoder().encode("other") }));
    expect(clash).toMatchObject({ code: "conflict", message: expect.stringContaining(`already has an artifact at "model/weights.bin"`) });
    expect(await failure(tracking.writer.logArtifact(run.id, { path: "x", artifactId: "0".repeat(64) }))).toMatchObject({ code: "not_found" });
    expect(await failure(tracking.writer.logArtifact(run.id, { path: "x", artifactId: "nope" }))).toMatchObject({ code: "invalid_id" });
    expect(await failure(tracking.writer.logArtifact(run.id, { path: "../x", content: bytes }))).toMatchObject({ code: "invalid_body" });
    const opened = await tracking.openArtifact(vera, run.id, "model/weights.bin");
    expect(await text(opened.body)).toBe("weights");
    expect(await failure(tracking.openArtifact(vera, run.id, "absent"))).toMatchObject({ code: "not_found" });
    expect((await tracking.getRun(vera, run.id)).artifacts.map((a) => a.path)).toEqual(["copy.bin", "model/weights.bin"]);
  });

  it("records inputs with their context and the version's lineage node", async () => {
    const run = await newRun("inputs");
    const input = await tracking.writer.logInput(run.id, { dataset: { name: "iris", digest: "abc" }, context: "validation" });
    expect(input).toMatchObject({ namespace: "tracebook", name: "iris", digest: "abc", context: "validation", lineageNodeId: expect.stringMatching(/@abc$/) });
    await tracking.writer.logInput(run.id, { dataset: { name: "iris", digest: "abc" }, context: "validation" });
    expect((await tracking.getRun(alice, run.id)).inputs).toEqual([input]);
    expect(await failure(tracking.writer.logInput(run.id, { dataset: { name: "iris", digest: "abc" }, context: "train" as never }))).toMatchObject({ code: "invalid_body" });
  });

  describe("reads follow the notebook's read permission", () => {
    let experimentId: string;
    let hidden: string;

    beforeAll(async () => {
      const a = await newRun("a-1", notebookA, "visibility");
      const b = await newRun("b-1", notebookB, "visibility");
      const parent = await newRun("a-2", notebookA, "visibility");
      await tracking.writer.createRun({ experiment: "visibility", name: "a-2-child", notebookId: notebookA, parentRunId: parent.id });
      await tracking.writer.logMetric(a.id, "acc", 0.5);
      await tracking.writer.logMetric(b.id, "acc", 0.9);
      experimentId = a.experimentId;
      hidden = b.id;
    });

    it("lists experiments and searches runs with only what each reader may see", async () => {
      const forBob = (await tracking.listExperiments(bob)).find((e) => e.id === experimentId);
      const forAlice = (await tracking.listExperiments(alice)).find((e) => e.id === experimentId);
      expect([forBob?.runCount, forAlice?.runCount]).toEqual([3, 4]);
      const page = await tracking.searchRuns(bob, experimentId, { filter: "metrics.acc > 0.1", orderBy: [], maxResults: 10 });
      expect(page.runs.map((r) => r.name)).toEqual(["a-1"]);
      expect((await tracking.searchRuns(alice, experimentId, { filter: "", orderBy: ["metrics.acc DESC"], maxResults: 10 })).runs.map((r) => r.name).slice(0, 2)).toEqual(["b-1", "a-1"]);
      expect(await failure(tracking.getRun(bob, hidden))).toEqual({ code: "not_found", message: "experiment run not found" });
      expect(await failure(tracking.metricHistory(bob, hidden, "acc"))).toMatchObject({ code: "not_found" });
      expect((await tracking.getExperiment(bob, experimentId)).keys).toEqual({ params: [], metrics: ["acc"], tags: [] });
    });

    it("pages with an opaque token and refuses a forged one or a bad filter", async () => {
      const first = await tracking.searchRuns(alice, experimentId, { filter: "", orderBy: ["attributes.run_name"], maxResults: 3 });
      expect(first.runs.map((r) => r.name)).toEqual(["a-1", "a-2", "a-2-child"]);
      const second = await tracking.searchRuns(alice, experimentId, { filter: "", orderBy: ["attributes.run_name"], maxResults: 3, pageToken: first.nextPageToken! });
      expect(second).toMatchObject({ runs: [{ name: "b-1" }], nextPageToken: null });
      expect(await failure(tracking.searchRuns(alice, experimentId, { filter: "", orderBy: [], maxResults: 3, pageToken: "bogus" }))).toMatchObject({ code: "invalid_body" });
      expect(await failure(tracking.searchRuns(alice, experimentId, { filter: "params.lr = 0.1", orderBy: [], maxResults: 3 }))).toMatchObject({ code: "invalid_filter" });
      expect(await failure(tracking.searchRuns(alice, randomUUID(), { filter: "", orderBy: [], maxResults: 3 }))).toMatchObject({ code: "not_found" });
    });

    it("shows child runs in the parent's detail", async () => {
      const parent = (await tracking.searchRuns(bob, experimentId, { filter: "attributes.run_name = 'a-2'", orderBy: [], maxResults: 1 })).runs[0]!;
      expect((await tracking.getRun(bob, parent.id)).children.map((c) => c.name)).toEqual(["a-2-child"]);
    });
  });

  describe("the HTTP writer checks the notebook's run permission", () => {
    it("lets runners log, refuses readers (403) and hides other notebooks (404)", async () => {
      const run = await tracking.authorizedWriter(bob).createRun({ experiment: "http", notebookId: notebookA });
      expect(run.actorId).toBe(bob.user.id);
      await tracking.authorizedWriter(bob).logBatch(run.id, { params: [{ key: "lr", value: 1 }] });
      expect(await failure(tracking.authorizedWriter(vera).logParam(run.id, "x", 1))).toMatchObject({ code: "forbidden" });
      expect(await failure(tracking.authorizedWriter(vera).createRun({ experiment: "http", notebookId: notebookA }))).toMatchObject({ code: "forbidden" });
      const theirs = await newRun("b-private", notebookB, "http");
      expect(await failure(tracking.authorizedWriter(bob).logParam(theirs.id, "x", 1))).toEqual({ code: "not_found", message: "experiment run not found" });
      expect(await failure(tracking.authorizedWriter(bob).createRun({ experiment: "http", notebookId: notebookA, parentRunId: theirs.id }))).toMatchObject({ code: "not_found" });
      expect(await failure(tracking.authorizedWriter(bob).createRun({ experiment: "http" }))).toMatchObject({ code: "invalid_body" });
      const pipeline = await newRun("pipeline", null, "http");
      expect(await failure(tracking.authorizedWriter(alice).endRun(pipeline.id, "FINISHED"))).toMatchObject({ code: "forbidden" });
      // Runs made outside notebooks are readable by every signed-in user.
      expect((await tracking.getRun(vera, pipeline.id)).name).toBe("pipeline");
    });
  });

  it("creates experiments explicitly once per name", async () => {
    const created = await tracking.writer.createExperiment({ name: "explicit" });
    expect(created).toMatchObject({ name: "explicit", runCount: 0, lastRunAt: null });
    expect(await failure(tracking.writer.createExperiment({ name: "explicit" }))).toMatchObject({ code: "conflict" });
    expect(await tracking.writer.getExperimentByName("explicit")).toEqual(created);
    expect(await tracking.writer.getExperimentByName("absent")).toBeNull();
    expect(await failure(tracking.writer.createExperiment({ name: "<script>" }))).toMatchObject({ code: "invalid_body" });
  });
});
