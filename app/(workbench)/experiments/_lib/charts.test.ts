import { describe, expect, it } from "vitest";
import { compile, type TopLevelSpec } from "vega-lite";
import { metricCurvesSpec, parallelCoordinatesSpec, scaleAxis } from "./charts";

describe("metricCurvesSpec", () => {
  it("draws finite points per run and counts the non-finite ones it leaves out", () => {
    const { spec, skipped } = metricCurvesSpec("loss", [
      { run: "a", points: [{ step: 0, timestamp: 1, value: 0.9 }, { step: 1, timestamp: 2, value: "NaN" }, { step: 2, timestamp: 3, value: 0.3 }] },
      { run: "b", points: [{ step: 0, timestamp: 1, value: "Infinity" }, { step: 1, timestamp: 2, value: 0.5 }] },
    ]);
    expect(skipped).toBe(2);
    expect((spec.data as { values: unknown[] }).values).toEqual([
      { run: "a", step: 0, value: 0.9, order: 0 },
      { run: "a", step: 2, value: 0.3, order: 2 },
      { run: "b", step: 1, value: 0.5, order: 1 },
    ]);
    expect(() => compile(spec as unknown as TopLevelSpec)).not.toThrow();
  });
});

describe("scaleAxis", () => {
  it("scales numbers (numeric text too) from min to max and leaves missing values out", () => {
    expect(scaleAxis({ label: "epochs", values: ["10", "30", null, "15"] })).toEqual({
      label: "epochs",
      kind: "numeric",
      positions: [0, 1, null, 0.25],
      bottom: "10",
      top: "30",
    });
    expect(scaleAxis({ label: "acc", values: [0.5, 0.5] }).positions).toEqual([0.5, 0.5]);
    // Non-finite metrics cannot be placed on a numeric axis.
    expect(scaleAxis({ label: "loss", values: [1, 3, Number.NaN] }).positions).toEqual([0, 1, null]);
  });

  it("spreads categories in sorted order", () => {
    expect(scaleAxis({ label: "opt", values: ["sgd", "adam", "rmsprop", "adam"] })).toEqual({
      label: "opt",
      kind: "categorical",
      positions: [1, 0, 0.5, 0],
      bottom: "adam",
      top: "sgd",
    });
  });
});

describe("parallelCoordinatesSpec", () => {
  it("puts each run on every axis, labels the axis ends, and compiles", () => {
    const spec = parallelCoordinatesSpec(["a", "b"], [
      { label: "lr", values: ["0.1", "0.01"] },
      { label: "acc", values: [0.8, null] },
    ]);
    const [, lines, points, labels] = spec.layer as Array<{ data: { values: Array<Record<string, unknown>> } }>;
    expect(lines!.data.values).toEqual([
      { run: "a", dim: "lr", y: 1, raw: "0.1" },
      { run: "b", dim: "lr", y: 0, raw: "0.01" },
      { run: "a", dim: "acc", y: 0.5, raw: "0.8" },
      { run: "b", dim: "acc", y: null, raw: "—" },
    ]);
    expect(points!.data.values).toHaveLength(3);
    expect(labels!.data.values).toEqual([
      { dim: "lr", y: 0, text: "0.01" },
      { dim: "lr", y: 1, text: "0.1" },
      { dim: "acc", y: 0, text: "0.8" },
      { dim: "acc", y: 1, text: "0.8" },
    ]);
    expect(() => compile(spec as unknown as TopLevelSpec)).not.toThrow();
  });
});
