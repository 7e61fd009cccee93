import { binaryAveragePrecision, binaryRocAuc } from "./auc";
import { calibrationCurve, type CalibrationCurve } from "./calibration";
import { confusionMatrix } from "./confusion";
import { precisionRecallCurveOf, readBinaryTarget, rocCurveOf } from "./curves";
import { resolveClassification } from "./classification-target";
import type { NumberArray, ScoreMatrix } from "./inputs";
import type { Label, LabelArray } from "./labels";
import { precisionRecallFscoreSupport, type ZeroDivision } from "./prf";
import { computeMetric, type MetricName } from "./registry";
import type { MetricWarning } from "./result";
import { thinCurve } from "./curve-thinning";

export interface ClassificationInput {
  yTrue: LabelArray;
  /** Predicted labels; derived from yScore when left out (binary: score ≥ threshold; multiclass: the top column). */
  yPred?: LabelArray;
  /** Binary: the positive class's score (or a two-column matrix); multiclass: one column per class, in `labels` order. */
  yScore?: NumberArray | ScoreMatrix;
  sampleWeight?: NumberArray;
}

export interface ClassificationOptions {
  /** Every class, sorted: the score columns' order. Default: the sorted labels of y_true and y_pred. */
  labels?: LabelArray;
  /** Binary: the positive class. Default 1 when the labels are in {0, 1} or {-1, 1}; otherwise required. */
  posLabel?: Label;
  /** Binary, when yPred is derived from scores: predict posLabel when score ≥ threshold. Default 0.5. */
  threshold?: number;
  zeroDivision?: ZeroDivision;
  /** Calibration bins (binary probabilities). Default 10. */
  nBins?: number;
  strategy?: "uniform" | "quantile";
  /** Most points kept per curve (evenly thinned, ends kept). Default 1000. */
  curvePoints?: number;
}

export interface CurveSeries {
  label: Label;
  x: number[];
  y: number[];
  /** The area (ROC AUC) or average precision of the full curve. */
  area: number;
  /** Points were dropped to keep the curve small (the area uses every point). */
  thinned: boolean;
}

/** Everything a classification report shows, as plain data. NaN values come with a warning. */
export interface ClassificationEvaluation {
  task: "binary" | "multiclass";
  classes: Label[];
  posLabel: Label | null;
  rows: number;
  totalWeight: number | null;
  prediction: { source: "column" } | { source: "threshold"; threshold: number } | { source: "argmax" };
  metrics: Partial<Record<MetricName, number>>;
  perClass: { label: Label; precision: number; recall: number; f1: number; support: number }[];
  confusionMatrix: { labels: Label[]; value: number[][] };
  roc: CurveSeries[] | null;
  precisionRecall: CurveSeries[] | null;
  calibration: CalibrationCurve | null;
  warnings: (MetricWarning & { metric: string })[];
}

/**
 * The standard classification evaluation in one call: headline metrics,
 * per-class precision/recall/F1, the confusion matrix, and (with scores)
 * ROC and precision-recall curves and the calibration curve.
 * @example
 * const e = summarizeClassification({ yTrue: [0, 1, 1, 0], yScore: [0.2, 0.9, 0.4, 0.1] });
 * e.metrics.roc_auc; // 1
 * e.prediction; // { source: "threshold", threshold: 0.5 }
 */
export function summarizeClassification(input: ClassificationInput, options: ClassificationOptions = {}): ClassificationEvaluation {
  const r = resolveClassification(input, options);
  const { yTrue, classes, task, posLabel, scores, scoreColumn, yPred, prediction } = r;
  const warnings: ClassificationEvaluation["warnings"] = [];
  const warn = (metric: string, list: readonly MetricWarning[]) => { for (const w of list) warnings.push({ metric, ...w }); };
  const weights = input.sampleWeight;
  const shown = r.show;
  const yTrueLabels = yTrue.keys;
  const metrics: ClassificationEvaluation["metrics"] = {};
  const run = (name: MetricName, x: Parameters<typeof computeMetric>[1]) => {
    const r = computeMetric(name, x, { labels: shown(classes), ...(posLabel !== null ? { posLabel: shown([posLabel])[0] } : {}) });
    metrics[name] = r.value;
    warn(name, r.warnings);
  };
  const labeled = { yTrue: yTrueLabels, yPred, sampleWeight: weights };
  run("accuracy", labeled);
  run("balanced_accuracy", labeled);
  for (const m of (task === "binary" ? ["precision", "recall", "f1"] : ["precision_macro", "recall_macro", "f1_macro", "f1_weighted"]) as MetricName[]) run(m, labeled);

  const prf = precisionRecallFscoreSupport(yTrueLabels, yPred, { average: null, labels: classes, sampleWeight: weights, zeroDivision: options.zeroDivision });
  warn("per_class", prf.warnings);
  const perClass = prf.labels.map((label, i) => ({
    label, precision: (prf.precision as number[])[i]!, recall: (prf.recall as number[])[i]!, f1: (prf.fscore as number[])[i]!, support: prf.support![i]!,
  }));
  const cm = confusionMatrix(yTrueLabels, yPred, { labels: classes, sampleWeight: weights });
  warn("confusion_matrix", cm.warnings);

  let roc: CurveSeries[] | null = null;
  let precisionRecall: CurveSeries[] | null = null;
  let calibration: CalibrationCurve | null = null;
  const maxPoints = options.curvePoints ?? 1000;
  if (scores) {
    const perClassScores = task === "binary" ? [{ key: posLabel!, score: scoreColumn! }] : classes.map((key, c) => ({ key, score: scores.columns[c]! }));
    roc = [];
    precisionRecall = [];
    for (const { key, score } of perClassScores) {
      const target = readBinaryTarget(yTrueLabels, score, { posLabel: key, sampleWeight: weights });
      const r = rocCurveOf(target, true);
      const p = precisionRecallCurveOf(target, false);
      const label = shown([key])[0]!;
      const rocArea = binaryRocAuc(target, undefined);
      const ap = binaryAveragePrecision(target);
      const suffix = task === "binary" ? "" : `[${String(label)}]`;
      warn(`roc_auc${suffix}`, rocArea.warnings);
      warn(`average_precision${suffix}`, ap.warnings);
      if (task === "binary") {
        metrics.roc_auc = rocArea.value;
        metrics.average_precision = ap.value;
      }
      roc.push({ label, ...thinCurve(r.fpr, r.tpr, maxPoints), area: rocArea.value });
      precisionRecall.push({ label, ...thinCurve(p.recall, p.precision, maxPoints), area: ap.value });
    }
    const probabilities = scores.columns.every((c) => c.every((x) => x >= 0 && x <= 1));
    if (task === "binary") {
      if (probabilities) {
        run("brier_score", { yTrue: yTrueLabels, yScore: scoreColumn!, sampleWeight: weights });
        if (classes.length === 2) run("log_loss", { yTrue: yTrueLabels, yScore: Float64Array.from(scoreColumn!, (s) => (posLabel === classes[1] ? s : 1 - s)), sampleWeight: weights });
        calibration = calibrationCurve(yTrueLabels, scoreColumn!, { posLabel: shown([posLabel!])[0], nBins: options.nBins ?? 10, strategy: options.strategy });
      } else {
        warnings.push({ metric: "scores", code: "probabilities_not_normalized", message: "scores lie outside [0, 1]: read as decision values; log loss, Brier score and calibration are left out" });
      }
    } else {
      run("roc_auc_ovr", { yTrue: yTrueLabels, yScore: { columns: scores.columns }, sampleWeight: weights });
      run("log_loss", { yTrue: yTrueLabels, yScore: { columns: scores.columns }, sampleWeight: weights });
    }
  }
  return {
    task, classes: shown(classes), posLabel: posLabel === null ? null : shown([posLabel])[0]!, rows: yTrue.keys.length,
    totalWeight: weights ? Array.from(weights as ArrayLike<number>).reduce((a, b) => a + b, 0) : null,
    prediction, metrics, perClass, confusionMatrix: { labels: cm.labels, value: cm.value }, roc, precisionRecall, calibration, warnings,
  };
}
