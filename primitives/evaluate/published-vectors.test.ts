import { describe, expect, it } from "vitest";
import { selectionRate } from "./fairness";
import { f1, precision, recall } from "./prf";
import { rocAuc } from "./ranking";

/** The vectors published with the issue; each must hold exactly (toBe / toEqual, no tolerance). */
describe("published vectors", () => {
  const yTrue = [0, 1, 2, 0, 1, 2];
  const yPred = [0, 2, 1, 0, 0, 1];

  it("precision, recall and F1 of y_true [0,1,2,0,1,2] against y_pred [0,2,1,0,0,1]", () => {
    expect(precision(yTrue, yPred, { average: "macro" }).value).toBe(2 / 9);
    expect(precision(yTrue, yPred, { average: "micro" }).value).toBe(1 / 3);
    expect(precision(yTrue, yPred, { average: "weighted" }).value).toBe(2 / 9);
    expect(recall(yTrue, yPred, { average: "macro" }).value).toBe(1 / 3);
    expect(f1(yTrue, yPred, { average: "macro" }).value).toBe(0.26666666666666666);
    expect(f1(yTrue, yPred, { average: "micro" }).value).toBe(1 / 3);
    expect(f1(yTrue, yPred, { average: null }).value).toEqual([0.8, 0, 0]);
  });

  it("F1 of all-zero y_true and y_pred: 0.0, 1.0 with zeroDivision 1, NaN with zeroDivision NaN", () => {
    const zeros = [0, 0, 0, 0];
    const warned = f1(zeros, zeros);
    expect(warned.value).toBe(0);
    expect(warned.warnings.map((w) => w.code)).toEqual(["undefined_metric"]);
    expect(f1(zeros, zeros, { zeroDivision: 1 })).toEqual({ value: 1, warnings: [] });
    expect(f1(zeros, zeros, { zeroDivision: NaN }).value).toBeNaN();
  });

  it("ROC AUC: perfect, inverted, tied, and one class (NaN with a warning)", () => {
    expect(rocAuc([0, 1], [0, 1]).value).toBe(1);
    expect(rocAuc([0, 1], [1, 0]).value).toBe(0);
    expect(rocAuc([1, 0], [0.5, 0.5]).value).toBe(0.5);
    const single = rocAuc([0, 0], [0.25, 0.75]);
    expect(single.value).toBeNaN();
    expect(single.warnings.map((w) => w.code)).toEqual(["single_class"]);
  });

  it("one-vs-rest ROC AUC per class, macro and weighted", () => {
    const y = [0, 1, 2, 2];
    const scores = [[1, 0, 0], [0.1, 0.5, 0.4], [0.1, 0.1, 0.8], [0.3, 0.3, 0.4]];
    expect(rocAuc(y, scores, { multiClass: "ovr", average: null }).value).toEqual([1, 1, 0.875]);
    expect(rocAuc(y, scores, { multiClass: "ovr", average: "macro" }).value).toBe(0.9583333333333334);
    expect(rocAuc(y, scores, { multiClass: "ovr", average: "weighted" }).value).toBe(0.9375);
  });

  it("selection rate, unweighted and weighted", () => {
    expect(selectionRate([0, 0, 0, 1, 1, 1, 1, 1]).value).toBe(0.625);
    expect(selectionRate([0, 1, 1, 0, 0, 0, 0, 0], { sampleWeight: [1, 2, 3, 4, 1, 2, 1, 2] }).value).toBe(0.3125);
  });
});
