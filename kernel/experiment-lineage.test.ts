import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../auth/principal";
import type { Store } from "../db/client";
import { experimentArtifacts, experimentInputs, experimentLatestMetrics, experimentRuns } from "../db/schema/experiments";
import { createFileArtifactStore } from "../primitives/artifacts/fs-store";
import { createTrackingWriter } from "../primitives/experiments/writer";
import { createNotebookFiles } from "../primitives/files/notebook-files";
import type { GraphEdge, LineageGraph, NodeKey } from "../primitives/lineage/graph";
import { openLineageRunEventSchema } from "../primitives/lineage/openlineage-spec";
import { createLineage, type LineageService } from "../primitives/lineage/service";
import { loadModel } from "../primitives/models/artifact";
import type { NotebookId, UserId } from "../protocol/ids";
import { DEFAULT_KERNEL_SETTINGS } from "../protocol/kernel";
import type { CellOutput } from "../protocol/outputs";
import { testStores, useTestStore } from "../test/stores";
import { compileCell } from "./analyze/compile";
import { createKernelManager, type KernelManager } from "./manager";
import { filesKernelService } from "./services/files";
import { createKernelLineage, type KernelLineage } from "./services/lineage";
import { trackingKernelService } from "./services/tracking";

/**
 * Issue 6 item 2 through the real kernel: a cell splits an uploaded file and
 * trains on the training split, with the validation split as validation data
 * and the test split as test data.
 * Once the cell is done (its lineage flushed, as the session does before it
 * reports done), the lineage graph joins dataset versions -> the cell's
 * `train.*` call run and the experiment run (inputs carrying their context)
 * -> the run's model artifact, a reviewer walks from the model back to the
 * data and the cell, and the call's OpenLineage export names each input's context.
 * The cell then scores the test split (models.predict, evaluate.classification):
 * both calls are runs of the cell reading that version in the test context.
 */
const rows = Array.from({ length: 60 }, (_, i) => {
  const x = (i % 10) / 10;
  return `${i},${x},${(i * 7) % 5},${x > 0.45 ? 1 : 0}`;
});
const CSV = `id,x,noise,label\n${rows.join("\n")}\n`;
const reviewer: Principal = { user: { id: randomUUID() as UserId, username: "rev", name: "Rev", role: "member" }, via: "session" };

describe.each(testStores())("training lineage in a kernel on $name", ({ open }) => {
  let store: Store;
  useTestStore(open, (opened) => (store = opened));
  const root = mkdtempSync(path.join(os.tmpdir(), "tracebook-experiment-lineage-"));
  const artifactsDir = path.join(root, "artifacts");
  const files = createNotebookFiles({ root: path.join(root, "files"), maxBytes: 100_000 });
  let lineage: LineageService;
  let kernelLineage: KernelLineage;
  let manager: KernelManager;

  beforeAll(() => {
    lineage = createLineage({ db: store.db, canRead: async () => {} });
    kernelLineage = createKernelLineage(lineage.recorder);
    manager = createKernelManager({
      settings: () => DEFAULT_KERNEL_SETTINGS,
      log: () => {},
      cacheDir: path.join(root, "kernel"),
      artifactsDir,
      services: {
        files: filesKernelService(files, { allowPrivate: false, allowHosts: [] }),
        lineage: kernelLineage.service,
        tracking: trackingKernelService(createTrackingWriter({ db: store.db, artifacts: createFileArtifactStore({ root: artifactsDir }) })),
      },
    });
  });
  afterAll(async () => {
    await manager?.closeAll();
    await lineage?.close();
    rmSync(root, { recursive: true, force: true });
  });

  const key = (k: NodeKey) => `${k.kind}:${k.id}`;
  const has = (graph: LineageGraph, k: NodeKey) => graph.nodes.some((n) => key(n) === key(k));
  const edgesOf = (graph: LineageGraph, relation: string, from?: NodeKey, to?: NodeKey): GraphEdge[] =>
    graph.edges.filter((e) => e.relation === relation && (!from || key(e.src) === key(from)) && (!to || key(e.dst) === key(to)));
  const one = <T,>(items: T[], what: string): T => {
    expect(items, what).toHaveLength(1);
    return items[0]!;
  };

  it("joins dataset versions, the cell's call run, the experiment run and its model, with each input's context", async () => {
    const notebookId = randomUUID() as NotebookId;
    await files.save(notebookId, "churn.csv", Buffer.from(CSV));
    const kernel = await manager.acquire(notebookId);
    const source = [
      `const { dataset: raw } = await data.load("churn.csv");`,
      `const { splits } = await data.randomSplit(raw, { fractions: { train: 0.6, valid: 0.2, test: 0.2 }, seed: 3 });`,
      `const fit = await train.logisticRegression(splits.train!, { target: "label", features: ["x", "noise"], epochs: 15, validation: splits.valid!, test: splits.test!, seed: 7 });`,
      `const predictions = await models.predict(fit.model, splits.test!);`,
      `const { evaluation } = await evaluate.classification(splits.test!, { yTrue: "label", yScore: "x" });`,
      `[fit.status, fit.testMetrics!.test_accuracy, predictions.rows, evaluation.metrics.roc_auc]`,
    ].join("\n");
    const outputs: CellOutput[] = [];
    const outcome = await kernel.run(compileCell("fit", source), (o) => outputs.push(o), { actor: { id: reviewer.user.id, name: "Rev" }, source });
    expect(outcome, JSON.stringify(outputs.filter((o) => o.type !== "chart"))).toMatchObject({ ok: true, value: { t: "array", length: 4 } });
    await kernelLineage.flush(notebookId, new AbortController().signal);

    // The experiment run: its inputs with their contexts, its model artifact, its cell call run.
    const [run, ...others] = await store.db.select().from(experimentRuns).where(eq(experimentRuns.notebookId, notebookId));
    expect(others).toHaveLength(0);
    expect(run).toMatchObject({ status: "FINISHED", cellId: "fit", lineageRunId: expect.any(String) });
    const inputs = await store.db.select().from(experimentInputs).where(eq(experimentInputs.runId, run!.id));
    expect(inputs.map((i) => `${i.context} ${i.name}`).sort()).toEqual([
      "test fit/data.randomSplit/test",
      "training fit/data.randomSplit/train",
      "validation fit/data.randomSplit/valid",
    ]);
    // The test score is a metric of the run, taken on the model it logged.
    const metrics = await store.db.select().from(experimentLatestMetrics).where(eq(experimentLatestMetrics.runId, run!.id));
    expect(metrics.map((m) => m.key)).toEqual(expect.arrayContaining(["final.test_accuracy", "final.test_loss"]));
    const [artifact] = await store.db.select().from(experimentArtifacts).where(eq(experimentArtifacts.runId, run!.id));
    expect(artifact).toMatchObject({ path: "model", kind: "model" });
    const model = await loadModel(createFileArtifactStore({ root: artifactsDir }), artifact!.sha256);
    expect(model.runtime === "tfjs" && model.training?.runId).toBe(run!.id);

    const runNode = { kind: "experiment_run", id: run!.id };
    const modelNode = { kind: "model_artifact", id: `${run!.id}/model` };
    const callRun = { kind: "run", id: run!.lineageRunId! };
    const versionOf = (context: string) => {
      const input = inputs.find((i) => i.context === context)!;
      return { kind: "dataset_version", id: `${input.datasetId}@${input.digest}` };
    };

    // Downstream from the training split's version: the call run and the experiment run read it
    // for training, and the experiment run made the model.
    const down = await lineage.graph(reviewer, { ...versionOf("training"), direction: "down", depth: 3 });
    expect(one(edgesOf(down, "input", versionOf("training"), runNode), "version -> experiment run").facets).toEqual({ contexts: ["training"] });
    expect(one(edgesOf(down, "input", versionOf("training"), callRun), "version -> call run").facets).toEqual({ contexts: ["training"] });
    expect(edgesOf(down, "output", runNode, modelNode)).toHaveLength(1);

    // After the fit, the cell scores the test split: models.predict and evaluate.classification are runs
    // of the cell too, reading the test split's version in the test context, beside the fit that tested on it.
    const scored = await lineage.graph(reviewer, { ...versionOf("test"), direction: "down", depth: 2 });
    const readers = edgesOf(scored, "input", versionOf("test")).map((e) => {
      if (e.dst.kind !== "run") return [e.dst.kind, e.facets];
      const job = one(edgesOf(scored, "run_of", e.dst), "a call run's job").dst;
      return [scored.nodes.find((n) => key(n) === key(job))!.label.split("/").at(-1), e.facets];
    });
    expect(readers.sort((a, b) => String(a[0]).localeCompare(String(b[0])))).toEqual([
      ["evaluate.classification", { contexts: ["test"] }],
      ["experiment_run", { contexts: ["test"] }],
      ["models.predict", { contexts: ["test"] }],
      ["train.logisticRegression", { contexts: ["test"] }],
    ]);
    // The evaluation's metrics are kept on its run, and its export is a valid OpenLineage RunEvent.
    const evaluateRun = edgesOf(scored, "input", versionOf("test")).map((e) => e.dst).find((n) =>
      n.kind === "run" && scored.nodes.find((m) => key(m) === key(one(edgesOf(scored, "run_of", n), "job").dst))!.label.endsWith("/evaluate.classification"))!;
    const evaluated = (await lineage.exportRun(reviewer, evaluateRun.id)).at(-1)!;
    expect(openLineageRunEventSchema.safeParse(evaluated).error).toBeUndefined();
    expect(evaluated.run.facets.tracebook_metrics).toMatchObject({ metrics: { roc_auc: 1 } });

    // A reviewer from the model: the run, the data in both contexts, back to the uploaded file,
    // and the cell: the experiment run hangs under the call run, which names its job and its cell run.
    const up = await lineage.graph(reviewer, { ...modelNode, direction: "up", depth: 10 });
    expect(one(edgesOf(up, "input", versionOf("validation"), runNode), "validation input").facets).toEqual({ contexts: ["validation"] });
    expect(one(edgesOf(up, "input", versionOf("test"), runNode), "test input").facets).toEqual({ contexts: ["test"] });
    expect(edgesOf(up, "child_of", runNode, callRun)).toHaveLength(1);
    // The call run came along as a container; what it read is drawn too, since both ends are shown.
    expect(one(edgesOf(up, "input", versionOf("test"), callRun), "test input of the call").facets).toEqual({ contexts: ["test"] });
    const callJob = one(edgesOf(up, "run_of", callRun), "the call run's job").dst;
    expect(up.nodes.find((n) => key(n) === key(callJob))!.label).toBe(`tracebook/${notebookId}/fit/train.logisticRegression`);
    const cellRun = one(edgesOf(up, "child_of", callRun), "the call's cell run").dst;
    const cellJob = one(edgesOf(up, "run_of", cellRun), "the cell run's job").dst;
    expect(up.nodes.find((n) => key(n) === key(cellJob))!.label).toBe(`tracebook/${notebookId}/fit`);
    expect(up.nodes.some((n) => n.kind === "dataset_version" && n.label.startsWith("churn.csv@"))).toBe(true);
    expect(has(up, { kind: "experiment", id: run!.experimentId })).toBe(true);

    // The call run's OpenLineage export: valid RunEvents whose inputs carry their context, and the cell's source.
    const events = await lineage.exportRun(reviewer, run!.lineageRunId!);
    for (const event of events) expect(openLineageRunEventSchema.safeParse(event).error).toBeUndefined();
    const complete = events.at(-1)!;
    expect(complete.eventType).toBe("COMPLETE");
    const contexts = Object.fromEntries(complete.inputs.map((i) => [i.name, i.inputFacets.tracebook_context?.contexts]));
    expect(contexts).toEqual({ "fit/data.randomSplit/train": ["training"], "fit/data.randomSplit/valid": ["validation"], "fit/data.randomSplit/test": ["test"] });
    // The context is said of the use, not of the version another run may read in another context.
    expect(complete.inputs.every((i) => !("tracebook_context" in i.facets))).toBe(true);
    expect(events[0]!.job.facets.sourceCode).toMatchObject({ sourceCode: source });
  }, 180_000);
});
