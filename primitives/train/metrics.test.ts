import { describe, expect, it } from "vitest";
import { argmax, computeMetrics, metricMode } from "./metrics";

describe("metrics", () => {
  it("regression: mse, mae and r2 by hand", () => {
    // errors 1, -1, 0; targets 1, 2, 3 (mean 2, total variance sum 2)
    const m = computeMetrics("regression", Float32Array.of(2, 1, 3), Float32Array.of(1, 2, 3), 1);
    expect(m.mse).toBeCloseTo(2 / 3, 6);
    expect(m.loss).toBe(m.mse);
    expect(m.mae).toBeCloseTo(2 / 3, 6);
    expect(m.r2).toBeCloseTo(1 - 2 / 2, 6);
  });

  it("binary: log loss and accuracy by hand", () => {
    const m = computeMetrics("binary", Float32Array.of(0.9, 0.2), Int32Array.of(1, 1), 2);
    expect(m.loss).toBeCloseTo(-(Math.log(0.9) + Math.log(0.2)) / 2, 6);
    expect(m.accuracy).toBe(0.5);
  });

  it("multiclass: log loss of the true class and argmax accuracy", () => {
    const m = computeMetrics("multiclass", Float32Array.of(0.7, 0.2, 0.1, 0.1, 0.3, 0.6), Int32Array.of(0, 1), 3);
    expect(m.loss).toBeCloseTo(-(Math.log(0.7) + Math.log(0.3)) / 2, 6);
    expect(m.accuracy).toBe(0.5);
    expect(argmax(Float32Array.of(0.2, 0.5, 0.5), 0, 3)).toBe(1);
    expect(metricMode("accuracy")).toBe("max");
    expect(metricMode("loss")).toBe("min");
  });
});
