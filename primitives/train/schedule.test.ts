import { describe, expect, it } from "vitest";
import { learningRateAt } from "./schedule";

describe("learning-rate schedules", () => {
  it("constant, step, exponential and cosine give the hand-computed rates", () => {
    expect(learningRateAt({ type: "constant" }, 0.1, 7, 10)).toBe(0.1);
    expect(learningRateAt({ type: "step", every: 10, gamma: 0.5 }, 0.1, 9, 30)).toBe(0.1);
    expect(learningRateAt({ type: "step", every: 10, gamma: 0.5 }, 0.1, 25, 30)).toBeCloseTo(0.025, 12);
    expect(learningRateAt({ type: "exponential", gamma: 0.9 }, 1, 2, 5)).toBeCloseTo(0.81, 12);
    expect(learningRateAt({ type: "cosine" }, 1, 0, 5)).toBe(1);
    expect(learningRateAt({ type: "cosine" }, 1, 2, 5)).toBeCloseTo(0.5, 12);
    expect(learningRateAt({ type: "cosine", minLearningRate: 0.1 }, 1, 4, 5)).toBeCloseTo(0.1, 12);
  });
});
