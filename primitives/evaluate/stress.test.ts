import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Dataset } from "../data/dataset";
import { openFixture, type DataFixture } from "../data/testing";
import { accuracy } from "./accuracy";
import { EvaluateError } from "./errors";
import { edgeCaseSlices, flipRate } from "./stress";
import { robustness, runStressTest, type Predictor } from "./stress-run";

let fx: DataFixture;
let ds: Dataset;
const n = 400;

beforeAll(async () => {
  fx = await openFixture();
  // label = 1 when x > 50; pred agrees except where x is in the top 5%.
  ds = await fx.engine.materialize(`SELECT range AS id, (range % 100)::DOUBLE AS x, CASE WHEN range % 100 = 7 THEN 'rare' ELSE 'c' || (range % 2)::VARCHAR END AS city,
    CASE WHEN range % 100 > 50 THEN 1 ELSE 0 END AS label, CASE WHEN range % 100 >= 95 THEN 0 WHEN range % 100 > 50 THEN 1 ELSE 0 END AS pred FROM range(${n}) ORDER BY id`);
});
afterAll(async () => fx.close());

/** A "model": predicts 1 when x > 50, reading x from the dataset it is given (missing x predicts 0). */
const predict: Predictor = async (d) => {
  const rows = await fx.engine.query(`SELECT CASE WHEN x > 50 THEN 1 ELSE 0 END AS p FROM ${d.table} ORDER BY rowid`);
  return rows.map((r) => Number(r.p));
};

describe("edge-case slices", () => {
  it("scores the numeric tails and rare values against the overall value", async () => {
    const r = await edgeCaseSlices(fx.engine, ds, { yTrue: "label", yPred: "pred", features: ["x", "city"], metrics: ["accuracy"], rareShare: 0.02 });
    // x takes 0..99 four times each: the 5% tails are x <= 4.95 and x >= 94.05, 20 rows each.
    expect(r.slices.map((s) => [s.feature, s.slice, s.rule, s.count])).toEqual([
      ["x", "low tail", "x <= 4.95", 20], ["x", "high tail", "x >= 94.05", 20], ["city", "rare values", 'city in {"rare"}', 4],
    ]);
    const overall = accuracy(Array.from({ length: n }, (_, i) => (i % 100 > 50 ? 1 : 0)), Array.from({ length: n }, (_, i) => (i % 100 >= 95 ? 0 : i % 100 > 50 ? 1 : 0))).value;
    expect(r.overall.metrics.accuracy).toBe(overall);
    expect(r.slices[0]!.metrics.accuracy).toBe(1);
    expect(r.slices[1]!.metrics.accuracy).toBe(0);
    expect(r.slices[1]!.delta.accuracy).toBe(0 - overall);
  });

  it("refuses features it cannot slice", async () => {
    const d = await fx.engine.materialize(`SELECT 1 AS label, 1 AS pred, [1, 2] AS v`);
    await expect(edgeCaseSlices(fx.engine, d, { yTrue: "label", yPred: "pred", features: ["v"], metrics: ["accuracy"] })).rejects.toThrow(/v is INTEGER\[\]/);
  });
});

describe("flips, stress and robustness", () => {
  it("flipRate counts changed labels, and numbers beyond the tolerance", () => {
    expect(flipRate([0, 1, 1, 0], [0, 1, 0, 0])).toEqual({ rate: 0.25, flipped: 1, count: 4, examples: [2] });
    expect(flipRate([1, 2], [1.001, 2.5], { tolerance: 0.01 }).flipped).toBe(1);
    expect(flipRate(["a", true], ["a", 1]).flipped).toBe(0);
    expect(() => flipRate([1, 2], [1])).toThrow(EvaluateError);
  });

  it("runStressTest reports metric changes and flips per feature and perturbation", async () => {
    const rows = await runStressTest(fx.engine, ds, predict, { yTrue: "label", features: ["x"], metrics: ["accuracy"], seed: 11, missingRate: 0.1, outOfRangeRate: 0.1 });
    expect(rows.map((r) => [r.test, r.feature])).toEqual([["baseline", null], ["missing", "x"], ["out_of_range", "x"]]);
    expect(rows[0]!.metrics.accuracy).toBe(1);
    const missing = rows[1]!;
    // Missing x predicts 0: exactly the changed rows whose label was 1 flip.
    expect(missing.flips!.flipped).toBeGreaterThan(0);
    expect(missing.flips!.flipped).toBeLessThanOrEqual(missing.changed);
    expect(missing.metrics.accuracy).toBe(1 - missing.flips!.rate);
    expect(missing.delta.accuracy).toBeCloseTo(-missing.flips!.rate, 15);
  });

  it("robustness: the flip share under seeded noise is reproducible and grows with the noise", async () => {
    const small = await robustness(fx.engine, ds, predict, { columns: ["x"], scale: 0.001, seed: 3, repeats: 3 });
    const again = await robustness(fx.engine, ds, predict, { columns: ["x"], scale: 0.001, seed: 3, repeats: 3 });
    const large = await robustness(fx.engine, ds, predict, { columns: ["x"], scale: 0.2, seed: 3, repeats: 3 });
    expect(again).toEqual(small);
    expect(small.runs.map((r) => r.seed)).toEqual([3, 4, 5]);
    expect(large.meanFlipRate).toBeGreaterThan(small.meanFlipRate);
    await expect(robustness(fx.engine, ds, async () => [1, 2], { columns: ["x"], seed: 1 })).rejects.toThrow(/returned 2 predictions for 400 rows/);
  });
});
