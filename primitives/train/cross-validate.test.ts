import { describe, expect, it } from "vitest";
import { crossValidate, summarize } from "./cross-validate";
import { createRandom } from "./random";
import { createMemoryTracker } from "./tracker";

const rng = createRandom(21);
const x = Array.from({ length: 40 }, () => [rng.next(), rng.next()]);
const y = x.map(([a, b]) => 3 * a! + b!);
const labels = x.map(([a]) => (a! > 0.5 ? "hi" : "lo"));

describe("cross-validation", () => {
  it("summarize: mean and population std per metric", () => {
    expect(summarize([{ loss: 1, mae: 2 }, { loss: 3, mae: 2 }])).toEqual({ mean: { loss: 2, mae: 2 }, std: { loss: 1, mae: 0 } });
  });

  it("k-fold: one tracked child run per fold under one parent, held-out metrics per fold and their mean", async () => {
    const tracker = createMemoryTracker();
    const cv = await crossValidate({
      kind: "linearRegression", data: { x, y }, options: { epochs: 40, learningRate: 0.1, batchSize: 8, seed: 3 }, folds: 4, hooks: { tracker },
    });
    expect(cv.status).toBe("completed");
    expect(cv.folds.map((f) => f.fold)).toEqual([1, 2, 3, 4]);
    expect(cv.mean.loss).toBeCloseTo(cv.folds.reduce((s, f) => s + f.metrics.loss, 0) / 4, 12);
    expect(cv.mean.r2).toBeGreaterThan(0.9);
    const [parent, ...children] = tracker.runs;
    expect(parent).toMatchObject({ kind: "cross_validation", status: "completed", params: { folds: 4, stratified: false } });
    expect(children.map((c) => [c.kind, c.parentRunId, c.status])).toEqual(Array(4).fill(["fold", parent!.id, "completed"]));
    expect(parent!.metrics.filter((m) => m.name === "fold_loss").map((m) => m.step)).toEqual([1, 2, 3, 4]);
    expect(parent!.summary).toMatchObject({ folds: 4, mean_loss: cv.mean.loss });
  });

  it("stratified folds for classifiers; refused for regression", async () => {
    const cv = await crossValidate({ kind: "logisticRegression", data: { x, y: labels }, options: { epochs: 5, learningRate: 0.2, seed: 1 }, folds: 3, stratified: true });
    expect(cv.folds).toHaveLength(3);
    expect(cv.mean.accuracy).toBeGreaterThan(0.5);
    await expect(crossValidate({ kind: "linearRegression", data: { x, y }, options: { epochs: 1 }, folds: 3, stratified: true }))
      .rejects.toMatchObject({ code: "invalid_argument" });
  });
});
