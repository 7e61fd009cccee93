import { describe, expect, it } from "vitest";
import { createRandom } from "./random";
import { estimateHalvingRuns, searchHyperparameters } from "./search";
import { expandGrid, parseSpace, sampleSpace } from "./search-space";
import { createMemoryTracker } from "./tracker";

const rng = createRandom(33);
const x = Array.from({ length: 40 }, () => [rng.next(), rng.next()]);
const y = x.map(([a, b]) => 2 * a! - b!);

describe("search spaces", () => {
  it("grid: every combination in key order", () => {
    expect(expandGrid({ a: [1, 2], b: ["x", "y"] })).toEqual([{ a: 1, b: "x" }, { a: 1, b: "y" }, { a: 2, b: "x" }, { a: 2, b: "y" }]);
    expect(() => expandGrid(parseSpace({ learningRate: { type: "uniform", min: 0, max: 1 } }))).toThrow(/use strategy "random"/);
  });

  it("random: seeded samples within range", () => {
    const space = parseSpace({ learningRate: { type: "logUniform", min: 1e-3, max: 1e-1 }, batchSize: { type: "int", min: 4, max: 8 }, hidden: [[4], [8]] });
    const a = sampleSpace(space, 5, createRandom(1));
    expect(sampleSpace(space, 5, createRandom(1))).toEqual(a);
    for (const p of a) {
      expect(p.learningRate as number).toBeGreaterThanOrEqual(1e-3);
      expect(p.learningRate as number).toBeLessThanOrEqual(1e-1);
      expect([4, 5, 6, 7, 8]).toContain(p.batchSize);
      expect([[4], [8]]).toContainEqual(p.hidden);
    }
  });

  it("refuses unknown or data options and inverted ranges", () => {
    expect(() => parseSpace({ lr: [1] })).toThrow(/"lr" is not a hyperparameter/);
    expect(() => parseSpace({ target: ["y"] })).toThrow(/not a hyperparameter/);
    expect(() => parseSpace({ dropout: { type: "uniform", min: 0.5, max: 0.1 } })).toThrow(/min 0.5 is above max 0.1/);
  });

  it("successive halving run counts", () => {
    expect(estimateHalvingRuns(9, 1, 3, 9)).toBe(13);
    expect(estimateHalvingRuns(4, 2, 2, 4)).toBe(6);
  });
});

describe("hyperparameter search", () => {
  it("grid: every trial a tracked run under one parent; the best is refit on all the data", async () => {
    const tracker = createMemoryTracker();
    const result = await searchHyperparameters({
      kind: "linearRegression", data: { x, y }, options: { epochs: 8, batchSize: 8, seed: 2 },
      space: { learningRate: [0.0001, 0.1], optimizer: ["adam", "sgd"] }, settings: { strategy: "grid", metric: "mse" }, hooks: { tracker },
    });
    expect(result.status).toBe("completed");
    expect(result.trials.map((t) => t.params)).toEqual([
      { learningRate: 0.0001, optimizer: "adam" }, { learningRate: 0.0001, optimizer: "sgd" },
      { learningRate: 0.1, optimizer: "adam" }, { learningRate: 0.1, optimizer: "sgd" },
    ]);
    const ranked = [...result.trials].sort((a, b) => a.score! - b.score!);
    expect(result.best).toEqual({ params: ranked[0]!.params, score: ranked[0]!.score, trial: ranked[0]!.trial });
    expect(result.best!.params.learningRate).toBe(0.1);
    const parent = tracker.runs[0]!;
    expect(parent).toMatchObject({ kind: "search", status: "completed", params: { strategy: "grid", metric: "mse", configurations: 4 } });
    const trials = tracker.runs.filter((r) => r.kind === "trial");
    expect(trials).toHaveLength(4);
    for (const t of trials) expect(t.parentRunId).toBe(parent.id);
    const refit = tracker.runs.find((r) => r.name === "refit")!;
    expect(refit).toMatchObject({ parentRunId: parent.id, params: { rows: 40, learningRate: 0.1 } });
    expect(result.model!.training!.rows).toBe(40);
    expect(parent.summary).toMatchObject({ bestTrial: result.best!.trial, modelId: result.model!.id });
  });

  it("random search with successive halving: the best third goes on with three times the epochs", async () => {
    const result = await searchHyperparameters({
      kind: "linearRegression", data: { x, y }, options: { epochs: 9, seed: 4 },
      space: { learningRate: { type: "logUniform", min: 0.0001, max: 0.3 } },
      settings: { strategy: "random", trials: 9, successiveHalving: { minEpochs: 1, eta: 3 }, refit: false },
    });
    expect(result.trials.map((t) => t.epochs)).toEqual([...Array(9).fill(1), 3, 3, 3, 9]);
    const rung0 = result.trials.filter((t) => t.rung === 0).sort((a, b) => a.score! - b.score!);
    expect(result.trials.filter((t) => t.rung === 1).map((t) => t.trial).sort()).toEqual(rung0.slice(0, 3).map((t) => t.trial).sort());
    expect(result.best!.trial).toBe(result.trials.at(-1)!.trial);
    expect(result.model).toBeNull();
  });

  it("scores by k-fold cross-validation: each trial's folds are runs under the trial", async () => {
    const tracker = createMemoryTracker();
    const result = await searchHyperparameters({
      kind: "linearRegression", data: { x, y }, options: { epochs: 3, seed: 5 },
      space: { learningRate: [0.01, 0.1] }, settings: { strategy: "grid", folds: 3, refit: false }, hooks: { tracker },
    });
    expect(result.trials.every((t) => t.status === "completed")).toBe(true);
    const trialRuns = tracker.runs.filter((r) => r.kind === "trial");
    expect(trialRuns).toHaveLength(2);
    for (const trial of trialRuns) expect(tracker.runs.filter((r) => r.parentRunId === trial.id && r.kind === "fold")).toHaveLength(3);
  });

  it("stops on abort between trials, keeping the trials done", async () => {
    const controller = new AbortController();
    const result = await searchHyperparameters({
      kind: "linearRegression", data: { x, y }, options: { epochs: 2, seed: 6 },
      space: { learningRate: [0.01, 0.02, 0.03] }, settings: { strategy: "grid" },
      hooks: { signal: controller.signal, onTrial: (_, done) => { if (done === 1) controller.abort(); } },
    });
    expect(result.status).toBe("interrupted");
    expect(result.trials).toHaveLength(1);
    expect(result.best?.trial).toBe(1);
    expect(result.model).toBeNull();
  });

  it("bad settings are refused before anything trains", async () => {
    const base = { kind: "linearRegression" as const, data: { x, y }, options: { epochs: 1 } };
    await expect(searchHyperparameters({ ...base, space: { learningRate: [0.1] }, settings: { strategy: "grid", metric: "accuracy" } })).rejects.toThrow(/scored by loss, mse, mae, r2, not accuracy/);
    await expect(searchHyperparameters({ ...base, space: { learningRate: [0.1, -1] }, settings: { strategy: "grid" } })).rejects.toMatchObject({ code: "invalid_argument", message: expect.stringContaining("learningRate") });
    await expect(searchHyperparameters({ ...base, space: { learningRate: [0.1] }, settings: { strategy: "bayes" } })).rejects.toMatchObject({ code: "invalid_argument" });
    await expect(searchHyperparameters({ ...base, space: { learningRate: [0.1] }, settings: { strategy: "grid", trials: 3 } })).rejects.toThrow(/trials applies to random search/);
  });
});
