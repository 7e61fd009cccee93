import { describe, expect, it } from "vitest";
import { summarizeClassification } from "./classification-summary";
import { f1, precision } from "./prf";
import { logLoss } from "./probability";
import { rocAuc } from "./ranking";

describe("summarizeClassification", () => {
  const yTrue = [0, 1, 1, 0, 1, 0, 1, 1, 0, 0];
  const yScore = [0.1, 0.9, 0.35, 0.4, 0.8, 0.65, 0.7, 0.2, 0.3, 0.05];

  it("binary: thresholds scores at 0.5 by default and agrees with the metric functions", () => {
    const e = summarizeClassification({ yTrue, yScore });
    const yPred = yScore.map((s) => (s >= 0.5 ? 1 : 0));
    expect(e.prediction).toEqual({ source: "threshold", threshold: 0.5 });
    expect(e.task).toBe("binary");
    expect(e.posLabel).toBe(1);
    expect(e.metrics.f1).toBe(f1(yTrue, yPred).value);
    expect(e.metrics.roc_auc).toBe(rocAuc(yTrue, yScore).value);
    expect(e.metrics.log_loss).toBe(logLoss(yTrue, yScore).value);
    expect(e.confusionMatrix.value).toEqual([[4, 1], [2, 3]]);
    expect(e.roc![0]!.area).toBe(e.metrics.roc_auc);
    expect(e.calibration!.counts.reduce((a, b) => a + b, 0)).toBe(10);
  });

  it("binary string labels need posLabel, and then use it for every metric", () => {
    const t = yTrue.map((y) => (y ? "spam" : "ham"));
    expect(() => summarizeClassification({ yTrue: t, yScore })).toThrow(/need posLabel/);
    const e = summarizeClassification({ yTrue: t, yScore }, { posLabel: "spam", threshold: 0.3 });
    const yPred = yScore.map((s) => (s >= 0.3 ? "spam" : "ham"));
    expect(e.metrics.precision).toBe(precision(t, yPred, { posLabel: "spam" }).value);
    expect(e.metrics.roc_auc).toBe(rocAuc(yTrue, yScore).value);
  });

  it("multiclass: argmax predictions, macro metrics and one-vs-rest curves per class", () => {
    const y = ["a", "b", "c", "a", "b", "c"];
    const s = [[0.7, 0.2, 0.1], [0.2, 0.5, 0.3], [0.1, 0.3, 0.6], [0.3, 0.4, 0.3], [0.1, 0.8, 0.1], [0.5, 0.2, 0.3]];
    const e = summarizeClassification({ yTrue: y, yScore: s }, { labels: ["a", "b", "c"] });
    expect(e.prediction).toEqual({ source: "argmax" });
    expect(e.metrics.roc_auc_ovr).toBe(rocAuc(y, s, { multiClass: "ovr" }).value);
    expect(e.metrics.f1_macro).toBe(f1(y, ["a", "b", "c", "b", "b", "a"], { average: "macro" }).value);
    expect(e.roc!.map((r) => r.label)).toEqual(["a", "b", "c"]);
    expect(e.calibration).toBeNull();
  });

  it("decision values outside [0, 1] skip the probability metrics with a warning", () => {
    const e = summarizeClassification({ yTrue, yPred: yScore.map((s) => (s > 0.5 ? 1 : 0)), yScore: yScore.map((s) => 4 * s - 2) });
    expect(e.metrics.log_loss).toBeUndefined();
    expect(e.calibration).toBeNull();
    expect(e.warnings.map((w) => w.code)).toContain("probabilities_not_normalized");
    expect(e.metrics.roc_auc).toBe(rocAuc(yTrue, yScore).value);
  });

  it("thins long curves to the point budget but keeps the full-curve area", () => {
    const n = 3000;
    const t = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const s = Array.from({ length: n }, (_, i) => ((i * 7919) % n) / n);
    const e = summarizeClassification({ yTrue: t, yScore: s }, { curvePoints: 100 });
    expect(e.roc![0]!.x).toHaveLength(100);
    expect(e.roc![0]!.thinned).toBe(true);
    expect(e.roc![0]!.area).toBe(rocAuc(t, s).value);
  });
});
