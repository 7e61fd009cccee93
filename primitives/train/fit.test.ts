import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { predictNetwork } from "../models/forward";
import type { NetworkModel } from "../models/model";
import { trainModel } from "./fit";
import { matrixFromRows } from "./matrix";
import { createRandom } from "./random";
import { createMemoryTracker } from "./tracker";

const rng = createRandom(5);
/** 80 rows, two features in [0, 1). */
const x = Array.from({ length: 80 }, () => [rng.next(), rng.next()]);
const linear = x.map(([a, b]) => 2 * a! - b! + 0.5);
const separable = x.map(([a, b]) => (a! + b! > 1 ? "pos" : "neg"));

function weights(model: NetworkModel): number[] {
  return model.network.layers.flatMap((l) => [...l.kernel, ...l.bias]);
}

describe("training", () => {
  it("linear regression recovers y = 2a - b + 0.5", async () => {
    const { model, status, bestEpoch, history } = await trainModel({
      kind: "linearRegression", data: { x, y: linear }, options: { epochs: 150, batchSize: 16, learningRate: 0.05, seed: 1 },
    });
    const [w0, w1, b] = weights(model);
    expect(w0).toBeCloseTo(2, 2);
    expect(w1).toBeCloseTo(-1, 2);
    expect(b).toBeCloseTo(0.5, 2);
    expect(status).toBe("completed");
    expect(history).toHaveLength(150);
    expect(bestEpoch).toBeGreaterThan(100);
    expect(model.training).toMatchObject({ backend: "wasm", seed: 1, status: "completed", rows: 80 });
  });

  it("the same seed twice gives identical weights (dropout and shuffling included); another seed does not", async () => {
    const run = (seed: number) => trainModel({
      kind: "mlpClassifier", data: { x, y: separable }, options: { hidden: [6, 4], dropout: 0.3, l2: 0.001, epochs: 4, batchSize: 8, validationSplit: 0.25, seed },
    });
    const [a, b, c] = [await run(7), await run(7), await run(8)];
    expect(weights(b.model)).toEqual(weights(a.model));
    expect(b.model.id).toBe(a.model.id);
    expect(b.history).toEqual(a.history);
    expect(weights(c.model)).not.toEqual(weights(a.model));
  });

  it("logistic regression separates a separable set; classes come back as labels", async () => {
    const { model, history } = await trainModel({
      kind: "logisticRegression", data: { x, y: separable }, options: { epochs: 60, learningRate: 0.1, seed: 2 },
    });
    expect(model.task).toBe("binary");
    expect(model.classes).toEqual(["neg", "pos"]);
    expect(history.at(-1)!.metrics.accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it("class weights: a class weighted 0 is never predicted", async () => {
    const { model } = await trainModel({
      kind: "softmaxClassifier", data: { x, y: separable }, options: { epochs: 30, learningRate: 0.1, classWeights: { pos: 0 }, seed: 3 },
    });
    const probs = await predictNetwork(model.network, matrixFromRows(x));
    for (let i = 0; i < x.length; i++) expect(probs[2 * i]!).toBeGreaterThan(probs[2 * i + 1]!);
  });

  it("early stopping on validation keeps the best epoch and stops after `patience` epochs without improvement", async () => {
    // Validation asks for the opposite of training: its loss only grows after the first epoch.
    const { status, bestEpoch, history, model } = await trainModel({
      kind: "linearRegression", data: { x, y: x.map(([a]) => a!) }, validation: { x, y: x.map(([a]) => -a!) },
      options: { epochs: 50, learningRate: 0.05, earlyStopping: { patience: 3 }, seed: 4 },
    });
    expect(status).toBe("early_stopped");
    expect(bestEpoch).toBe(1);
    expect(history).toHaveLength(4);
    expect(model.training!.metrics.val_loss).toBe(history[0]!.metrics.val_loss);
  });

  it("an abort stops after the current batch and keeps the best checkpoint so far", async () => {
    const controller = new AbortController();
    const tracker = createMemoryTracker();
    const result = await trainModel({
      kind: "mlpRegressor", data: { x, y: linear }, options: { hidden: [4], epochs: 100, seed: 5, name: "cut short" },
      hooks: { signal: controller.signal, tracker, onProgress: (epoch) => { if (epoch === 3) controller.abort(); } },
    });
    expect(result.status).toBe("interrupted");
    expect(result.history).toHaveLength(3);
    const best = Math.min(...result.history.map((h) => h.metrics.loss!));
    expect(result.model.training!.metrics.loss).toBe(best);
    expect(tracker.runs[0]).toMatchObject({ name: "cut short", status: "interrupted" });
  });

  it("an abort before the first epoch ends is an interrupted error (no checkpoint)", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(trainModel({ kind: "linearRegression", data: { x, y: linear }, options: { epochs: 3, seed: 1 }, hooks: { signal: controller.signal } }))
      .rejects.toMatchObject({ code: "interrupted" });
  });

  it("records params (backend, device, seed), per-epoch metrics and the end on the tracker", async () => {
    const tracker = createMemoryTracker();
    const { model, runId } = await trainModel({
      kind: "mlpClassifier", data: { x, y: separable }, options: { hidden: [3], epochs: 2, validationSplit: 0.2, seed: 9 }, hooks: { tracker },
    });
    const run = tracker.runs[0]!;
    expect(runId).toBe(run.id);
    expect(run.params).toMatchObject({ kind: "mlpClassifier", backend: "wasm", device: expect.stringContaining("wasm"), seed: 9, rows: 64, validationRows: 16, classes: ["neg", "pos"] });
    expect(run.metrics.filter((m) => m.name === "val_accuracy").map((m) => m.step)).toEqual([1, 2]);
    expect(run.status).toBe("completed");
    expect(run.summary).toMatchObject({ modelId: model.id, bestEpoch: expect.any(Number) });
  });

  it("a learning rate far too high is a diverged error, and the run is marked failed", async () => {
    const tracker = createMemoryTracker();
    const big = x.map(([a, b]) => [a! * 1e6, b! * 1e6]);
    await expect(trainModel({ kind: "linearRegression", data: { x: big, y: linear }, options: { optimizer: "sgd", learningRate: 10, epochs: 5, seed: 1 }, hooks: { tracker } }))
      .rejects.toMatchObject({ code: "diverged" });
    expect(tracker.runs[0]!.status).toBe("failed");
  });

  it("leaves no tensors behind, whether training ends, stops early or fails", async () => {
    await trainModel({ kind: "linearRegression", data: { x, y: linear }, options: { epochs: 1, seed: 1 } });
    const before = tf.memory().numTensors;
    await trainModel({ kind: "mlpClassifier", data: { x, y: separable }, options: { hidden: [3], dropout: 0.2, l2: 0.01, epochs: 2, validationSplit: 0.2, seed: 1 } });
    await trainModel({ kind: "linearRegression", data: { x, y: x.map(([a]) => a!) }, validation: { x, y: x.map(([a]) => -a!) }, options: { epochs: 9, earlyStopping: { patience: 1 }, seed: 1 } });
    const big = x.map(([a, b]) => [a! * 1e6, b! * 1e6]);
    await trainModel({ kind: "linearRegression", data: { x: big, y: linear }, options: { optimizer: "sgd", learningRate: 10, epochs: 3, seed: 1 } }).catch(() => null);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("bad input and options fail with clear, coded errors", async () => {
    const fit = (kind: Parameters<typeof trainModel>[0]["kind"], data: unknown, options: unknown = { epochs: 1, seed: 1 }) =>
      trainModel({ kind, data: data as { x: unknown; y: unknown }, options });
    await expect(fit("logisticRegression", { x, y: x.map(() => "same") })).rejects.toMatchObject({ code: "single_class" });
    await expect(fit("logisticRegression", { x: x.slice(0, 3), y: ["a", "b", "c"] })).rejects.toMatchObject({ code: "invalid_argument", message: expect.stringContaining("softmaxClassifier") });
    await expect(fit("linearRegression", { x, y: linear.slice(1) })).rejects.toMatchObject({ code: "length_mismatch" });
    await expect(fit("linearRegression", { x: [[1, NaN], [2, 3]], y: [1, 2] })).rejects.toMatchObject({ code: "missing_values" });
    await expect(fit("linearRegression", { x, y: linear }, { epochs: 1, learnignRate: 0.1 })).rejects.toMatchObject({ code: "invalid_argument", message: expect.stringContaining("learnignRate") });
    await expect(fit("linearRegression", { x, y: linear }, { hidden: [4] })).rejects.toMatchObject({ message: expect.stringContaining("use mlpRegressor") });
    await expect(fit("mlpRegressor", { x, y: linear }, { classWeights: "balanced" })).rejects.toMatchObject({ code: "invalid_argument" });
    await expect(trainModel({ kind: "softmaxClassifier", data: { x, y: separable }, validation: { x: [[0, 0]], y: ["maybe"] }, options: { epochs: 1, seed: 1 } }))
      .rejects.toMatchObject({ code: "unseen_class", message: expect.stringContaining('validation data row 0 has the class "maybe"') });
  });
});
