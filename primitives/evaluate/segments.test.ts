import { describe, expect, it } from "vitest";
import { EvaluateError } from "./errors";
import { f1 } from "./prf";
import { rocAuc } from "./ranking";
import { segmentMetrics, segmentTable } from "./segments";

describe("segmentMetrics", () => {
  const yTrue = [0, 1, 1, 0, 1, 0, 1, 1];
  const yPred = [0, 1, 0, 0, 1, 1, 1, 0];
  const score = [0.1, 0.9, 0.4, 0.3, 0.8, 0.6, 0.7, 0.2];
  const region = ["EU", "EU", "US", "US", "EU", "US", "EU", "US"];

  it("computes each metric per segment with counts, equal to the metric on that segment's rows", () => {
    const b = segmentMetrics({ yTrue, yPred, yScore: score }, { region }, { metrics: ["accuracy", "f1", "roc_auc"] });
    expect(b.segments.map((s) => [s.segment.region, s.count])).toEqual([["EU", 4], ["US", 4]]);
    const us = [2, 3, 5, 7];
    expect(b.segments[1]!.metrics.f1).toBe(f1(us.map((i) => yTrue[i]!), us.map((i) => yPred[i]!)).value);
    expect(b.segments[1]!.metrics.roc_auc).toBe(rocAuc(us.map((i) => yTrue[i]!), us.map((i) => score[i]!)).value);
    expect(b.segments[1]!.metrics.accuracy).toBe(0.25);
    expect(b.overall.count).toBe(8);
    expect(b.overall.metrics.accuracy).toBe(0.625);
  });

  it("breaks down by several columns and bins; empty bins read NaN with a warning", () => {
    const age = [15, 30, 45, 70, 22, 33, 61, 40];
    const b = segmentMetrics({ yTrue, yPred }, { region, age }, { metrics: ["accuracy"], bins: { age: [0, 18, 65, 120] }, allCombinations: true });
    expect(b.segments.map((s) => [s.segment.region, s.segment.age, s.count])).toEqual([
      ["EU", "[0, 18)", 1], ["EU", "[18, 65)", 3], ["EU", "[65, 120]", 0],
      ["US", "[0, 18)", 0], ["US", "[18, 65)", 3], ["US", "[65, 120]", 1],
    ]);
    const empty = b.segments[2]!;
    expect(empty.metrics.accuracy).toBeNaN();
    expect(empty.warnings.map((w) => w.code)).toEqual(["empty_segment"]);
  });

  it("a segment with one class reads NaN ROC AUC with the metric's warning", () => {
    const b = segmentMetrics({ yTrue: [0, 0, 1, 0], yScore: [0.1, 0.3, 0.8, 0.4] }, { g: ["a", "a", "b", "b"] }, { metrics: ["roc_auc"] });
    expect(b.segments[0]!.metrics.roc_auc).toBeNaN();
    expect(b.segments[0]!.warnings[0]!.message).toMatch(/^roc_auc: Only one class/);
    expect(b.segments[1]!.metrics.roc_auc).toBe(1);
  });

  it("missing group values form their own segment, listed last", () => {
    const b = segmentMetrics({ yTrue: [1, 0, 1], yPred: [1, 0, 0] }, { g: ["x", null, "x"] }, { metrics: ["accuracy"] });
    expect(b.segments.map((s) => [s.segment.g, s.count, s.metrics.accuracy])).toEqual([["x", 2, 0.5], [null, 1, 1]]);
  });

  it("multiclass score metrics map columns to the given labels in every segment", () => {
    const y = [0, 1, 2, 0, 1, 2];
    const s = [[0.8, 0.1, 0.1], [0.1, 0.8, 0.1], [0.1, 0.1, 0.8], [0.6, 0.3, 0.1], [0.2, 0.7, 0.1], [0.3, 0.3, 0.4]];
    const b = segmentMetrics({ yTrue: y, yScore: s }, { g: ["a", "a", "a", "b", "b", "c"] }, { metrics: ["log_loss", "roc_auc_ovo"], labels: [0, 1, 2] });
    expect(b.segments[1]!.metrics.log_loss).toBeCloseTo(-(Math.log(0.6) + Math.log(0.7)) / 2, 15);
    expect(b.segments[2]!.metrics.roc_auc_ovo).toBeNaN();
    expect(b.segments[2]!.warnings.map((w) => w.code)).toEqual(["single_class"]);
  });

  it("bad input fails as a whole, not per segment", () => {
    expect(() => segmentMetrics({ yTrue: [0, NaN], yPred: [0, 1] }, { g: ["a", "b"] }, { metrics: ["accuracy"] })).toThrow(EvaluateError);
    expect(() => segmentMetrics({ yTrue: [0, 1], yPred: [0, 1] }, { g: ["a"] }, { metrics: ["accuracy"] })).toThrow(/length/);
    expect(() => segmentMetrics({ yTrue: [0, 1], yPred: [0, 1] }, { g: ["a", "b"] }, { metrics: ["f2"] })).toThrow(/unknown metric "f2"/);
    expect(() => segmentMetrics({ yTrue: [0, 1], yPred: [0, 1] }, { g: ["a", "b"] }, { metrics: ["roc_auc"] })).toThrow(/needs scores/);
    expect(() => segmentMetrics({ yTrue: [0, 1], yPred: [0, 1] }, { age: [5, 500] }, { metrics: ["accuracy"], bins: { age: [0, 100] } })).toThrow(/outside the bins/);
  });

  it("renders as table rows with the overall row first and NaN as null", () => {
    const b = segmentMetrics({ yTrue: [0, 0, 1], yScore: [0.2, 0.4, 0.9] }, { g: ["a", "a", "b"] }, { metrics: ["roc_auc"] });
    expect(segmentTable(b)).toEqual([
      { g: "(all)", count: 3, roc_auc: 1 },
      { g: "a", count: 2, roc_auc: null },
      { g: "b", count: 1, roc_auc: null },
    ]);
  });
});
