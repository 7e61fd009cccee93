import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { openStore, type Store } from "../db/client";
import { experimentRuns, experimentTags } from "../db/schema/experiments";
import { createFileArtifactStore } from "../primitives/artifacts/fs-store";
import { createTrackingWriter, KERNEL_RUN_TAG } from "../primitives/experiments/writer";
import { loadModel } from "../primitives/models/artifact";
import type { NotebookId } from "../protocol/ids";
import { DEFAULT_KERNEL_SETTINGS } from "../protocol/kernel";
import type { CellOutput } from "../protocol/outputs";
import { compileCell } from "./analyze/compile";
import { createKernelManager, type KernelManager } from "./manager";
import { trackingKernelService } from "./services/tracking";

/**
 * Training in a real kernel child (the bundled entry, tfjs outside the
 * bundle), tracked through the server's `tracking` service over IPC: the
 * curves update live in the cell's outputs, and an interrupt keeps the best
 * checkpoint as an artifact.
 */
const root = mkdtempSync(path.join(os.tmpdir(), "tracebook-train-kernel-"));
const artifactsDir = path.join(root, "artifacts");
let store: Store;
let manager: KernelManager;

beforeAll(async () => {
  store = await openStore({ pgliteDir: "memory://" });
  const artifacts = createFileArtifactStore({ root: artifactsDir });
  manager = createKernelManager({
    settings: () => DEFAULT_KERNEL_SETTINGS,
    log: () => {},
    cacheDir: path.join(root, "kernel"),
    artifactsDir,
    services: { tracking: trackingKernelService(createTrackingWriter({ db: store.db, artifacts })) },
  });
});
afterAll(async () => {
  await manager?.closeAll();
  await store?.close();
  rmSync(root, { recursive: true, force: true });
});

/** 80 rows of two features, labelled by which side of a line they fall. */
const DATA = `const x = Array.from({ length: 80 }, (_, i) => [(i % 9) / 9, Math.floor(i / 9) / 9]);\nconst y = x.map(([a, b]) => (a + b > 0.9 ? "hi" : "lo"));`;

type Chart = Extract<CellOutput, { type: "chart" }>;
const lastEpoch = (chart: Chart) => Math.max(...(chart.spec.data as { values: Array<{ epoch: number }> }).values.map((v) => v.epoch));

describe("training in a kernel process", () => {
  it("shows the loss curves live: the chart is re-sent under one id during training, then with every epoch", async () => {
    const kernel = await manager.acquire(randomUUID() as NotebookId);
    const outputs: CellOutput[] = [];
    const source = `${DATA}\nconst { history } = await train.softmaxClassifier({ x, y }, { epochs: 8, batchSize: 16, learningRate: 0.1, validationSplit: 0.25, seed: 3 });\nhistory.length`;
    const outcome = await kernel.run(compileCell("fit", source), (o) => outputs.push(o));
    expect(outcome, JSON.stringify(outputs.filter((o) => o.type !== "chart"))).toMatchObject({ ok: true, value: { t: "number", v: 8 } });
    const charts = outputs.filter((o): o is Chart => o.type === "chart");
    expect(new Set(charts.map((c) => c.id)).size).toBe(1);
    expect(charts[0]!.id).toBeDefined();
    // The first epoch's curve arrives while training goes on; the last one holds all eight epochs.
    expect(charts.length).toBeGreaterThanOrEqual(2);
    expect(lastEpoch(charts[0]!)).toBeLessThan(8);
    expect(lastEpoch(charts.at(-1)!)).toBe(8);
    const firstChart = outputs.indexOf(charts[0]!);
    const barDone = outputs.findIndex((o) => o.type === "progress" && o.done);
    expect(firstChart).toBeLessThan(barDone);
    const series = (charts.at(-1)!.spec.data as { values: Array<{ metric: string; split: string }> }).values.map((v) => `${v.split} ${v.metric}`);
    expect(new Set(series)).toEqual(new Set(["training loss", "training accuracy", "validation loss", "validation accuracy"]));
  }, 120_000);

  it("an interrupt ends the run with the best checkpoint so far saved as an artifact", async () => {
    const notebookId = randomUUID() as NotebookId;
    const kernel = await manager.acquire(notebookId);
    const outputs: CellOutput[] = [];
    // The run settles as interrupted at once; what the training writes while it stops arrives as late output.
    const late: CellOutput[] = [];
    const stopped = new Promise<void>((resolve) => {
      manager.onLateOutput((id, _cellId, output) => {
        if (id !== notebookId) return;
        late.push(output);
        if (output.type === "progress" && output.done) resolve();
      });
    });
    const source = `${DATA}\nawait train.mlpClassifier({ x, y }, { hidden: [8], epochs: 100000, batchSize: 8, seed: 5 });`;
    let interrupted = false;
    const outcome = await kernel.run(compileCell("long", source), (o) => {
      outputs.push(o);
      // Interrupt once an epoch has ended (its curve is out).
      if (o.type === "chart" && !interrupted) interrupted = manager.interrupt(notebookId);
    });
    expect(interrupted).toBe(true);
    expect(outcome).toMatchObject({ ok: false, error: { kind: "interrupted" } });
    await stopped;
    const note = late.find((o): o is Extract<CellOutput, { type: "markdown" }> => o.type === "markdown" && o.text.startsWith("Interrupted"));
    expect(note, JSON.stringify(late.filter((o) => o.type !== "chart"))).toBeDefined();
    const artifactId = /`([^`]+)`/.exec(note!.text)![1]!;
    // The bar and the curves end with the kept epoch.
    expect(late.find((o) => o.type === "progress" && o.done)).toMatchObject({ label: expect.stringMatching(/interrupted \(kept epoch \d+\)$/) });
    const kept = await loadModel(createFileArtifactStore({ root: artifactsDir }), artifactId);
    expect(kept.runtime === "tfjs" && kept.kind).toBe("mlpClassifier");
    const training = kept.runtime === "tfjs" ? kept.training! : null;
    expect(training!.status).toBe("interrupted");
    expect(training!.bestEpoch).toBeGreaterThanOrEqual(1);
    expect(training!.bestEpoch).toBeLessThanOrEqual(training!.epochs);
  }, 120_000);

  it("a run left open by a kernel that lost its state ends KILLED; a new kernel's runs are its own", async () => {
    const notebookId = randomUUID() as NotebookId;
    const kernel = await manager.acquire(notebookId);
    const source = `${DATA}\nawait train.mlpClassifier({ x, y }, { hidden: [8], epochs: 100000, batchSize: 8, seed: 5 });`;
    let restarting: Promise<unknown> | null = null;
    const outcome = await kernel.run(compileCell("endless", source), (o) => {
      // Restart once an epoch has ended: the run is open and training goes on.
      if (o.type === "chart" && !restarting) restarting = manager.restart(notebookId);
    });
    expect(restarting).not.toBeNull();
    await restarting;
    expect(outcome.ok).toBe(false);
    const runsOf = () => store.db.select().from(experimentRuns).where(eq(experimentRuns.notebookId, notebookId));
    await expect.poll(async () => (await runsOf()).map((r) => r.status), { timeout: 10_000 }).toEqual(["KILLED"]);
    const [killed] = await runsOf();
    expect(killed!.endTime).not.toBeNull();
    // Marked as a kernel's, so a server starting after a crash would end it too (see killOrphanedKernelRuns).
    const tags = await store.db.select().from(experimentTags).where(eq(experimentTags.runId, killed!.id));
    expect(tags.map((t) => [t.key, t.value])).toContainEqual([KERNEL_RUN_TAG.key, KERNEL_RUN_TAG.value]);

    // The new kernel opens and ends its own run; the reset before it does not touch it.
    const fresh = await manager.acquire(notebookId);
    const done = await fresh.run(compileCell("short", `${DATA}\nawait train.logisticRegression({ x, y }, { seed: 1 }); 1`), () => {});
    expect(done.ok).toBe(true);
    expect((await runsOf()).map((r) => r.status).sort()).toEqual(["FINISHED", "KILLED"]);
  }, 120_000);
});
