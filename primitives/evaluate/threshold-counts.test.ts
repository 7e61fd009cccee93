import { describe, expect, it } from "vitest";
import { createRandom, type Random } from "../train/random";
import type { BinaryTarget } from "./curves";
import { averagePrecision, rocAuc } from "./ranking";
import { mergeThresholdCounts, sortThresholdCounts, thresholdCounts } from "./threshold-counts";

/** A binary target with many ties: scores drawn from `levels` values (negative ones too). */
function drawTarget(random: Random, n: number, levels: number, positiveShare: number): BinaryTarget {
  const positive = new Uint8Array(n);
  const score = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    positive[i] = random.next() < positiveShare ? 1 : 0;
    score[i] = (random.int(levels) - Math.floor(levels / 3)) / 7;
  }
  return { positive, score, weights: null, posLabel: 1 };
}

describe("threshold counts: the merge fast path equals the index sort", () => {
  it("on random inputs with ties, all-positive and all-negative ones included", () => {
    const random = createRandom("threshold-counts");
    for (let round = 0; round < 150; round++) {
      const n = 1 + random.int(round < 50 ? 12 : 3000);
      const share = [0, 1, 0.5, 0.05, 0.95][round % 5]!;
      const target = drawTarget(random, n, 1 + random.int(round % 2 === 0 ? 10 : 5000), share);
      const fast = mergeThresholdCounts(target.positive, target.score);
      expect(fast).not.toBeNull();
      expect(fast).toEqual(sortThresholdCounts(target));
    }
  });

  it("declines -0 and NaN scores, and thresholdCounts then takes the general path", () => {
    const positive = Uint8Array.of(1, 0, 1, 0);
    const negativeZero = Float64Array.of(0, -0, 0.5, 0);
    expect(mergeThresholdCounts(positive, negativeZero)).toBeNull();
    expect(mergeThresholdCounts(positive, Float64Array.of(0.1, NaN, 0.2, 0.3))).toBeNull();
    const target: BinaryTarget = { positive, score: negativeZero, weights: null, posLabel: 1 };
    expect(thresholdCounts(target)).toEqual(sortThresholdCounts(target));
  });

  it("gives ROC AUC and average precision equal to the weighted path with unit weights", () => {
    const random = createRandom("threshold-areas");
    for (let round = 0; round < 40; round++) {
      const n = 2 + random.int(5000);
      const target = drawTarget(random, n, 2 + random.int(round % 2 === 0 ? 20 : 10000), 0.3);
      const yTrue = Array.from(target.positive);
      const yScore = Array.from(target.score);
      const ones = new Float64Array(n).fill(1);
      expect(rocAuc(yTrue, yScore).value).toBe(rocAuc(yTrue, yScore, { sampleWeight: ones }).value);
      expect(averagePrecision(yTrue, yScore).value).toBe(averagePrecision(yTrue, yScore, { sampleWeight: ones }).value);
    }
  });
});
