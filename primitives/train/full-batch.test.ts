import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import type { NetworkModel } from "../models/model";
import { trainModel } from "./fit";
import { resolveOptions } from "./options";
import { createRandom } from "./random";
import { createMemoryTracker } from "./tracker";

const rng = createRandom(11);
/** 120 rows, three features in [0, 1); a noisy linear target and three classes. */
const x = Array.from({ length: 120 }, () => [rng.next(), rng.next(), rng.next()]);
const noisy = x.map(([a, b, c]) => 2 * a! - b! + 0.3 * c! + 0.5 + (rng.next() - 0.5) * 0.4);
const binary = x.map(([a, b], i) => (a! + b! + (i % 7 === 0 ? 0.6 : 0) > 1 ? "pos" : "neg"));
const three = x.map(([a, b]) => (a! > 0.6 ? "hi" : b! > 0.5 ? "mid" : "lo"));

function weights(model: NetworkModel): number[] {
  return model.network.layers.flatMap((l) => [...l.kernel, ...l.bias]);
}

/** Solves the square system a z = b by Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const m = a.map((row, i) => [...row, b[i]!]);
  const n = b.length;
  for (let col = 0; col < n; col++) {
    const pivot = m.slice(col).reduce((best, row, i) => (Math.abs(row[col]!) > Math.abs(m[best]![col]!) ? col + i : best), col);
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let row = col + 1; row < n; row++) {
      const f = m[row]![col]! / m[col]![col]!;
      for (let k = col; k <= n; k++) m[row]![k]! -= f * m[col]![k]!;
    }
  }
  const z = new Array<number>(n).fill(0);
  for (let row = n - 1; row >= 0; row--) z[row] = (m[row]![n]! - m[row]!.slice(row + 1, n).reduce((s, v, k) => s + v * z[row + 1 + k]!, 0)) / m[row]![row]!;
  return z;
}

/** Ridge regression's exact minimizer of mean((Xw + b - y)^2) + l2 |w|^2 (bias not penalized). */
function ridge(l2: number): number[] {
  const rows = x.map((r) => [...r, 1]);
  const n = rows.length;
  const p = rows[0]!.length;
  const gram = Array.from({ length: p }, (_, i) => Array.from({ length: p }, (_, j) => rows.reduce((s, r) => s + r[i]! * r[j]!, 0) / n + (i === j && i < p - 1 ? l2 : 0)));
  const rhs = Array.from({ length: p }, (_, i) => rows.reduce((s, r, k) => s + r[i]! * noisy[k]!, 0) / n);
  return solve(gram, rhs);
}

describe("the lbfgs solver", () => {
  it("is the default for models without hidden layers, unless a mini-batch option is given", () => {
    expect(resolveOptions("linearRegression", {})).toMatchObject({ solver: "lbfgs", tol: 1e-4, epochs: 100 });
    expect(resolveOptions("logisticRegression", { learningRate: 0.1 })).toMatchObject({ solver: "minibatch", tol: null, epochs: 20 });
    expect(resolveOptions("softmaxClassifier", { solver: "minibatch" })).toMatchObject({ solver: "minibatch", epochs: 20 });
    expect(resolveOptions("mlpClassifier", {})).toMatchObject({ solver: "minibatch" });
    expect(() => resolveOptions("mlpRegressor", { solver: "lbfgs" })).toThrow(/lbfgs solver fits models without hidden layers/);
    expect(() => resolveOptions("linearRegression", { solver: "lbfgs", batchSize: 8 })).toThrow(/batchSize apply to the minibatch solver, not lbfgs/);
    expect(() => resolveOptions("linearRegression", { tol: 1e-3, optimizer: "sgd" })).toThrow(/tol applies to the lbfgs solver/);
  });

  it("linear regression (and ridge, with l2) reaches the exact least-squares solution", async () => {
    for (const l2 of [0, 0.05]) {
      const { model, status, history } = await trainModel({ kind: "linearRegression", data: { x, y: noisy }, options: { l2, tol: 1e-6, seed: 1 } });
      const exact = ridge(l2);
      weights(model).forEach((w, i) => expect(w).toBeCloseTo(exact[i]!, 3));
      expect(status).toBe("completed");
      // Converged on the gradient tolerance well before max_iter (100).
      expect(history.length).toBeLessThan(40);
      expect(history.at(-1)!.metrics).toMatchObject({ loss: expect.any(Number), mae: expect.any(Number) });
    }
  });

  it("logistic regression: lower loss than mini-batch adam, the same model for the same seed, tracked per iteration", async () => {
    const tracker = createMemoryTracker();
    const lbfgs = await trainModel({ kind: "logisticRegression", data: { x, y: binary }, options: { seed: 4 } });
    const again = await trainModel({ kind: "logisticRegression", data: { x, y: binary }, options: { seed: 4 } });
    const tracked = await trainModel({ kind: "logisticRegression", data: { x, y: binary }, options: { seed: 4 }, hooks: { tracker } });
    const adam = await trainModel({ kind: "logisticRegression", data: { x, y: binary }, options: { epochs: 30, learningRate: 0.05, seed: 4 } });
    expect(lbfgs.history.at(-1)!.metrics.loss).toBeLessThan(adam.history.at(-1)!.metrics.loss!);
    expect(lbfgs.history.at(-1)!.metrics.accuracy).toBeGreaterThanOrEqual(0.85);
    expect(again.model.id).toBe(lbfgs.model.id);
    expect(weights(again.model)).toEqual(weights(lbfgs.model));
    const run = tracker.runs[0]!;
    expect(run.params).toMatchObject({ solver: "lbfgs", tol: 1e-4, epochs: 100 });
    expect(run.metrics.filter((m) => m.name === "loss").map((m) => m.step)).toEqual(tracked.history.map((h) => h.epoch));
    expect(weights(tracked.model)).toEqual(weights(lbfgs.model));
    // The reported loss is the data loss computeMetrics gives for the kept model's predictions.
    expect(lbfgs.model.training!.metrics.loss).toBe(lbfgs.history[lbfgs.bestEpoch - 1]!.metrics.loss);
  });

  it("softmax with class weights: a class weighted 0 is never predicted; balanced weights fit too", async () => {
    const { model } = await trainModel({ kind: "softmaxClassifier", data: { x, y: three }, options: { classWeights: { mid: 0 }, seed: 3 } });
    const probs = tf.tidy(() => {
      const layer = model.network.layers[0]!;
      const logits = tf.add(tf.matMul(tf.tensor2d(x), tf.tensor2d(layer.kernel, [layer.inputs, layer.units])), tf.tensor1d(layer.bias));
      return tf.argMax(logits, 1).arraySync() as number[];
    });
    expect(model.classes).toEqual(["hi", "lo", "mid"]);
    expect(probs.every((c) => c !== 2)).toBe(true);
    const balanced = await trainModel({ kind: "softmaxClassifier", data: { x, y: three }, options: { classWeights: "balanced", l2: 0.001, seed: 3 } });
    expect(balanced.history.at(-1)!.metrics.accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it("validation, early stopping and the best checkpoint work per iteration", async () => {
    const { history, bestEpoch, model, status } = await trainModel({
      kind: "linearRegression", data: { x, y: noisy }, validation: { x, y: noisy.map((v) => -v) }, options: { earlyStopping: { patience: 2 }, seed: 2 },
    });
    expect(status).toBe("early_stopped");
    expect(history[0]!.metrics).toHaveProperty("val_mae");
    expect(history).toHaveLength(bestEpoch + 2);
    expect(model.training!.metrics.val_loss).toBe(Math.min(...history.map((h) => h.metrics.val_loss!)));
  });

  it("an interrupt keeps the best iteration so far; before the first, there is nothing to keep", async () => {
    const controller = new AbortController();
    const tracker = createMemoryTracker();
    const result = await trainModel({
      kind: "logisticRegression", data: { x, y: binary }, options: { tol: 1e-12, seed: 5 },
      hooks: { signal: controller.signal, tracker, onProgress: (epoch) => { if (epoch === 3) controller.abort(); } },
    });
    expect(result.status).toBe("interrupted");
    expect(result.history).toHaveLength(3);
    expect(result.model.training!.metrics.loss).toBe(Math.min(...result.history.map((h) => h.metrics.loss!)));
    expect(tracker.runs[0]!.status).toBe("interrupted");
    const aborted = new AbortController();
    aborted.abort();
    await expect(trainModel({ kind: "logisticRegression", data: { x, y: binary }, options: { seed: 5 }, hooks: { signal: aborted.signal } }))
      .rejects.toMatchObject({ code: "interrupted" });
  });

  it("leaves no tensors behind", async () => {
    await trainModel({ kind: "softmaxClassifier", data: { x, y: three }, options: { epochs: 2, seed: 1 } });
    const before = tf.memory().numTensors;
    await trainModel({ kind: "softmaxClassifier", data: { x, y: three }, options: { epochs: 3, validationSplit: 0.25, classWeights: "balanced", seed: 1 } });
    await trainModel({ kind: "logisticRegression", data: { x, y: binary }, options: { epochs: 3, seed: 1 } });
    await trainModel({ kind: "linearRegression", data: { x, y: noisy }, options: { epochs: 3, seed: 1 } });
    expect(tf.memory().numTensors).toBe(before);
  });
});
