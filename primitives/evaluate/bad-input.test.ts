import { describe, expect, it } from "vitest";
import { accuracy, balancedAccuracy } from "./accuracy";
import { calibrationCurve } from "./calibration";
import { confusionMatrix } from "./confusion";
import { rocCurve } from "./curves";
import { EvaluateError, type EvaluateErrorCode } from "./errors";
import { demographicParityDifference, equalizedOddsDifference, selectionRate } from "./fairness";
import { f1, precision } from "./prf";
import { brierScore, logLoss } from "./probability";
import { averagePrecision, rocAuc } from "./ranking";
import { meanAbsoluteError, r2 } from "./regression";

/** Runs fn and returns the EvaluateError it throws (failing when it returns or throws anything else). */
function refusal(fn: () => unknown): EvaluateError {
  try {
    fn();
  } catch (error) {
    if (error instanceof EvaluateError) return error;
    throw error;
  }
  throw new Error("expected an EvaluateError, got a value");
}

function expectRefused(fn: () => unknown, code: EvaluateErrorCode, message: RegExp): void {
  const error = refusal(fn);
  expect(error.code).toBe(code);
  expect(error.message).toMatch(message);
}

describe("bad input never yields a silent number", () => {
  it("labels outside the declared classes are refused", () => {
    const scores = [[0.2, 0.3, 0.5], [0.6, 0.2, 0.2], [0.1, 0.8, 0.1]];
    expectRefused(() => rocAuc([0, 1, 3], scores, { multiClass: "ovr", labels: [0, 1, 2] }), "unseen_label", /y_true holds label\(s\) not in labels: 3/);
    expectRefused(() => logLoss(["a", "b", "c"], [[0.5, 0.5], [0.5, 0.5], [0.5, 0.5]], { labels: ["a", "b"] }), "unseen_label", /"c"/);
    expectRefused(() => confusionMatrix([0, 1], [0, 1], { labels: [5, 6] }), "unseen_label", /none of labels/);
    expectRefused(() => rocAuc([0, 1, 2, 2], [[0.5, 0.5], [0.5, 0.5], [0.5, 0.5], [0.5, 0.5]], { multiClass: "ovr" }), "length_mismatch", /3 classes but y_score has 2 columns/);
  });

  it("mismatched lengths name each input and its length", () => {
    expectRefused(() => accuracy([0, 1, 1], [0, 1]), "length_mismatch", /y_true has 3, y_pred has 2/);
    expectRefused(() => f1([0, 1], [0, 1], { sampleWeight: [1] }), "length_mismatch", /sample_weight has 1/);
    expectRefused(() => rocAuc([0, 1, 1], [0.2, 0.4]), "length_mismatch", /y_score has 2/);
    expectRefused(() => meanAbsoluteError([1, 2], [1]), "length_mismatch", /y_pred has 1/);
    expectRefused(() => demographicParityDifference([0, 1], [0, 1], { sensitiveFeatures: ["a"] }), "length_mismatch", /has 1/);
    expectRefused(() => rocAuc([0, 1, 2], [[0.2, 0.8], [0.5, 0.5, 0], [1, 0, 0]], { multiClass: "ovr" }), "length_mismatch", /row 1 has 3 score\(s\), the first row has 2/);
  });

  it("NaN, Infinity and missing values are refused with their position", () => {
    expectRefused(() => accuracy([0, NaN], [0, 1]), "non_finite", /y_true\[1\] is NaN/);
    expectRefused(() => precision([0, 1], [0, null as unknown as number]), "non_finite", /y_pred\[1\] is null/);
    expectRefused(() => rocAuc([0, 1], [0.1, NaN]), "non_finite", /first at index 1: NaN/);
    expectRefused(() => meanAbsoluteError([1, Infinity], [1, 2]), "non_finite", /y_true has 1 value/);
    expectRefused(() => accuracy([0, 1], [0, 1], { sampleWeight: [1, NaN] }), "non_finite", /sample_weight/);
    expectRefused(() => logLoss([0, 1], [[0.5, NaN], [0.5, 0.5]]), "non_finite", /y_pred\[0\]\[1\]/);
    expectRefused(() => demographicParityDifference([0, 1], [0, 1], { sensitiveFeatures: ["a", null as unknown as string] }), "non_finite", /missing value/);
  });

  it("a single class gives NaN with a warning where sklearn does, and a clear error where it refuses", () => {
    const auc = rocAuc([1, 1, 1], [0.2, 0.5, 0.9]);
    expect(auc.value).toBeNaN();
    expect(auc.warnings[0]!.code).toBe("single_class");
    const ovr = rocAuc([0, 0, 1, 1], [[0.5, 0.3, 0.2], [0.6, 0.2, 0.2], [0.2, 0.7, 0.1], [0.3, 0.6, 0.1]], { multiClass: "ovr", labels: [0, 1, 2], average: null });
    expect(ovr.value[2]).toBeNaN();
    expect(ovr.warnings.map((w) => w.code)).toContain("single_class");
    const curve = rocCurve([0, 0], [0.1, 0.2]);
    expect(curve.tpr.every(Number.isNaN)).toBe(true);
    expect(curve.warnings.map((w) => w.code)).toEqual(["no_positive_samples"]);
    const ap = averagePrecision([0, 0, 0], [0.2, 0.3, 0.1]);
    expect(ap.value).toBe(0);
    expect(ap.warnings[0]!.code).toBe("no_positive_samples");
    expectRefused(() => logLoss([1, 1], [0.9, 0.8]), "invalid_labels", /only one label/);
    expect(balancedAccuracy([0, 0], [0, 1]).warnings[0]!.code).toBe("classes_not_in_y_true");
    expect(r2([3], [2]).value).toBeNaN();
    expect(r2([3], [2]).warnings[0]!.code).toBe("too_few_samples");
  });

  it("label types: mixed, continuous, and a pos_label that is not a label", () => {
    expectRefused(() => accuracy([0, "a"], [0, 1]), "invalid_labels", /mixes string and number/);
    expectRefused(() => accuracy(["a", "b"], [0, 1]), "invalid_labels", /mix of label types/);
    expectRefused(() => f1([0.5, 1.5], [0.5, 1.5]), "invalid_labels", /continuous/);
    expectRefused(() => f1(["a", "b"], ["a", "b"]), "invalid_labels", /pos_label=1 is not a valid label/);
    expectRefused(() => f1([0, 1, 2], [0, 1, 2]), "invalid_labels", /multiclass .* average is "binary"/);
    expectRefused(() => rocCurve(["a", "b"], [0.1, 0.2]), "invalid_labels", /pass posLabel/);
    expectRefused(() => selectionRate(["yes", "no"]), "invalid_labels", /explicit posLabel/);
    expectRefused(() => equalizedOddsDifference([0, 1, 2], [0, 1, 2], { sensitiveFeatures: ["a", "a", "b"] }), "invalid_labels", /at most two labels/);
  });

  it("options out of range are refused", () => {
    expectRefused(() => f1([0, 1], [0, 1], { zeroDivision: 2 }), "invalid_argument", /zeroDivision must be/);
    expectRefused(() => f1([0, 1], [0, 1], { average: "samples" as never }), "invalid_argument", /average must be/);
    expectRefused(() => accuracy([0, 1], [0, 1], { sampleWeight: [1, -1] }), "invalid_argument", /non-negative/);
    expectRefused(() => accuracy([0, 1], [0, 1], { sampleWeight: [0, 0] }), "invalid_argument", /sums to 0/);
    expectRefused(() => rocAuc([0, 1, 2], [[0.2, 0.3, 0.5], [0.6, 0.2, 0.2], [0.1, 0.8, 0.1]]), "invalid_argument", /multiClass "ovr" or "ovo"/);
    expectRefused(() => rocAuc([0, 1, 2], [[0.2, 0.3, 0.6], [0.6, 0.2, 0.2], [0.1, 0.8, 0.1]], { multiClass: "ovr" }), "invalid_argument", /row 0 of y_score sums to 1.1/);
    expectRefused(() => brierScore([0, 1], [0.5, 1.5]), "invalid_argument", /\[0, 1\]/);
    expectRefused(() => calibrationCurve([0, 1], [0.2, 0.8], { nBins: 0 }), "invalid_argument", /nBins/);
    expectRefused(() => confusionMatrix([0, 1], [0, 1], { labels: [0, 0] }), "invalid_argument", /twice/);
    expectRefused(() => accuracy([], []), "empty_input", /empty/);
  });
});
