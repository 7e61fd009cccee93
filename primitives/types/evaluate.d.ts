/**
 * The `evaluate` global: model evaluation in cells, with scikit-learn's
 * semantics (and its argument names in camelCase: sample_weight →
 * sampleWeight, zero_division → zeroDivision, pos_label → posLabel,
 * multi_class → multiClass, n_bins → nBins) and Fairlearn's for fairness.
 *
 * Every metric returns `{ value, warnings }`: where scikit-learn would warn
 * (a zero division, one class for ROC AUC…) the value is what it returns
 * (often NaN) and `warnings` says why. Bad input (unseen labels, lengths
 * that differ, NaN, label types) throws an EvaluateError naming the problem.
 *
 * A global script (no imports or exports), loaded with tracebook.d.ts.
 */

/** A class label: integers, strings or booleans (true counts as 1, as in numpy). */
type EvaluateLabel = number | string | boolean;

/** Labels as an array (or integers in a typed array). */
type EvaluateLabels = ReadonlyArray<EvaluateLabel> | ArrayLike<number>;

/** Numbers as an array or a typed array. */
type EvaluateNumbers = ReadonlyArray<number> | ArrayLike<number>;

/** Class scores: one row per sample (as predict_proba returns), or `{ columns }` with one array per class. */
type EvaluateScoreMatrix = ReadonlyArray<ArrayLike<number>> | { columns: ReadonlyArray<ArrayLike<number>> };

/** A handle to a Dataset made by the data primitives (`data.*`). */
interface EvaluateDatasetHandle {
  readonly __tbHandle: string;
  readonly kind: string;
}

/** Why a value is what it is (scikit-learn's warnings, as data). */
interface EvaluateWarning {
  code:
    | "undefined_metric" | "single_class" | "no_positive_samples" | "no_negative_samples" | "classes_not_in_y_true"
    | "probabilities_not_normalized" | "too_few_samples" | "constant_y_true" | "zero_in_y_true" | "samples_ignored"
    | "single_label" | "option_ignored" | "empty_segment" | "degenerate_group" | "nan_aggregate";
  message: string;
}

/** A metric value and the warnings raised computing it. */
interface EvaluateResult<T = number> {
  value: T;
  warnings: EvaluateWarning[];
}

/** Per-class values: `value[i]` belongs to `labels[i]`. */
interface EvaluatePerClass extends EvaluateResult<number[]> {
  labels: EvaluateLabel[];
  support: number[];
}

/** Options of precision, recall, F1 and F-beta. */
interface EvaluatePrfOptions {
  /** "binary" (default: the posLabel class), "micro", "macro", "weighted", or null for per-class values. */
  average?: "binary" | "micro" | "macro" | "weighted" | null;
  /** Classes to score, in this order. */
  labels?: EvaluateLabels;
  /** Default 1. */
  posLabel?: EvaluateLabel;
  sampleWeight?: EvaluateNumbers;
  /** What 0/0 becomes: "warn" (0 with a warning, default), 0, 1 or NaN (left out of averages). */
  zeroDivision?: "warn" | number;
}

interface EvaluateCurve {
  warnings: EvaluateWarning[];
}

interface EvaluateCurveSeries {
  label: EvaluateLabel;
  x: number[];
  y: number[];
  area: number;
  thinned: boolean;
}

/** The result of a classification summary (evaluate.summarizeClassification, evaluate.classification). */
interface EvaluateClassificationEvaluation {
  task: "binary" | "multiclass";
  classes: EvaluateLabel[];
  posLabel: EvaluateLabel | null;
  rows: number;
  totalWeight: number | null;
  prediction: { source: "column" } | { source: "threshold"; threshold: number } | { source: "argmax" };
  /** accuracy, balanced_accuracy, precision/recall/f1 (binary) or *_macro (multiclass), roc_auc, average_precision, log_loss, brier_score… */
  metrics: Record<string, number>;
  perClass: { label: EvaluateLabel; precision: number; recall: number; f1: number; support: number }[];
  confusionMatrix: { labels: EvaluateLabel[]; value: number[][] };
  roc: EvaluateCurveSeries[] | null;
  precisionRecall: EvaluateCurveSeries[] | null;
  calibration: { probTrue: number[]; probPred: number[]; counts: number[]; edges: number[] } | null;
  warnings: (EvaluateWarning & { metric: string })[];
}

interface EvaluateRegressionEvaluation {
  task: "regression";
  rows: number;
  totalWeight: number | null;
  metrics: Record<string, number>;
  points: { actual: number; predicted: number }[];
  residualHistogram: { start: number; end: number; count: number }[];
  warnings: (EvaluateWarning & { metric: string })[];
}

/** One segment of a breakdown. */
interface EvaluateSegmentRow {
  segment: Record<string, EvaluateLabel | null>;
  count: number;
  weight: number | null;
  metrics: Record<string, number>;
  warnings: EvaluateWarning[];
}

interface EvaluateSegmentBreakdown {
  by: string[];
  metrics: string[];
  overall: EvaluateSegmentRow;
  segments: EvaluateSegmentRow[];
}

interface EvaluateGroupedMetric {
  overall: number;
  groups: { group: Record<string, EvaluateLabel | null>; count: number; value: number }[];
  groupMin: number;
  groupMax: number;
  difference: { between_groups: number; to_overall: number };
  ratio: { between_groups: number; to_overall: number };
  warnings: EvaluateWarning[];
}

interface EvaluateFairnessSummary {
  byGroup: { selectionRate: EvaluateGroupedMetric; truePositiveRate: EvaluateGroupedMetric; falsePositiveRate: EvaluateGroupedMetric };
  demographicParityDifference: { between_groups: number; to_overall: number };
  demographicParityRatio: { between_groups: number; to_overall: number };
  equalizedOddsDifference: { between_groups: number; to_overall: number };
  equalizedOddsRatio: { between_groups: number; to_overall: number };
  warnings: EvaluateWarning[];
}

/** A block of a report. */
type EvaluateReportSection =
  | { kind: "markdown"; text: string }
  | { kind: "table"; caption: string; columns: string[]; rows: (string | number | boolean | null)[][] }
  | { kind: "chart"; title: string; spec: Record<string, unknown> };

/** An evaluation report: plain JSON (NaN written as null, explained in `warnings`). */
interface EvaluateReport {
  kind: "tracebook.evaluation-report";
  version: 1;
  title: string;
  task: "binary" | "multiclass" | "regression";
  source: Record<string, string> | null;
  metrics: Record<string, number | null>;
  sections: EvaluateReportSection[];
  warnings: { metric: string; code: string; message: string }[];
}

/** Which dataset columns hold what. */
interface EvaluateColumns {
  /** True labels (classification) or values (regression). */
  yTrue: string;
  yPred?: string;
  /** Binary: the positive class's score column; multiclass: one column per class, in `labels` order. */
  yScore?: string | string[];
  sampleWeight?: string;
}

interface EvaluateDatasetClassificationOptions extends EvaluateColumns {
  /** Every class, sorted (the score columns' order). */
  labels?: EvaluateLabels;
  posLabel?: EvaluateLabel;
  /** Binary scores without yPred: predict posLabel when score ≥ threshold (default 0.5). */
  threshold?: number;
  zeroDivision?: "warn" | number;
  nBins?: number;
  strategy?: "uniform" | "quantile";
  curvePoints?: number;
  /** Break the metrics down by these columns. */
  by?: string[];
  bins?: Record<string, number[]>;
  segmentMetrics?: string[];
  /** Fairness (binary targets) by these columns. */
  sensitive?: string[];
  title?: string;
}

interface EvaluatePerturbation {
  dataset: EvaluateDatasetHandle;
  report: { seed: number; changed: Record<string, number> };
}

/** The `evaluate` global. */
interface TracebookEvaluate {
  /**
   * Evaluates a classifier's predictions held in a dataset: metrics, per-class
   * table, confusion matrix, curves, optional breakdowns and fairness, and a report.
   *
   * @example
   * const { evaluation, report } = await evaluate.classification(test, { yTrue: "label", yPred: "pred", yScore: "p_yes", posLabel: "yes", by: ["region"] });
   * for (const s of report.sections) {
   *   if (s.kind === "table") display.table(s.rows, { columns: s.columns, caption: s.caption });
   *   else if (s.kind === "chart") display.chart(s.spec);
   *   else display.markdown(s.text);
   * }
   */
  classification(dataset: EvaluateDatasetHandle, options: EvaluateDatasetClassificationOptions): Promise<{ evaluation: EvaluateClassificationEvaluation; segments: EvaluateSegmentBreakdown | null; fairness: EvaluateFairnessSummary | null; report: EvaluateReport }>;
  /**
   * Evaluates a regressor's predictions held in a dataset.
   *
   * @example
   * const { evaluation } = await evaluate.regression(test, { yTrue: "price", yPred: "predicted" });
   * evaluation.metrics.root_mean_squared_error;
   */
  regression(dataset: EvaluateDatasetHandle, options: EvaluateColumns & { by?: string[]; bins?: Record<string, number[]>; segmentMetrics?: string[]; title?: string }): Promise<{ evaluation: EvaluateRegressionEvaluation; segments: EvaluateSegmentBreakdown | null; report: EvaluateReport }>;
  /**
   * Any named metrics broken down by one or more columns, with counts (empty segments read NaN with a warning).
   *
   * @example
   * const b = await evaluate.segments(test, { yTrue: "label", yPred: "pred", by: ["country", "age"], bins: { age: [0, 30, 60, Infinity] }, metrics: ["accuracy", "f1_macro"] });
   */
  segments(dataset: EvaluateDatasetHandle, options: EvaluateColumns & { by: string[]; metrics: string[]; bins?: Record<string, number[]>; labels?: EvaluateLabel[]; posLabel?: EvaluateLabel; target?: "labels" | "values" }): Promise<EvaluateSegmentBreakdown>;
  /**
   * Fairlearn's selection rate, true/false positive rates per group, demographic parity and equalized odds.
   *
   * @example
   * const f = await evaluate.fairness(test, { yTrue: "approved", yPred: "pred", sensitive: ["sex"] });
   * f.demographicParityDifference.between_groups;
   */
  fairness(dataset: EvaluateDatasetHandle, options: EvaluateColumns & { sensitive: string[]; posLabel?: EvaluateLabel }): Promise<EvaluateFairnessSummary>;
  /**
   * Metrics on each feature's edge cases (numeric tails, rare text values, missing values) against the overall value.
   *
   * @example
   * const r = await evaluate.edgeCases(test, { yTrue: "label", yPred: "pred", features: ["age", "city"], metrics: ["accuracy"] });
   */
  edgeCases(dataset: EvaluateDatasetHandle, options: EvaluateColumns & { features: string[]; metrics: string[]; tail?: number; rareShare?: number; labels?: EvaluateLabel[]; posLabel?: EvaluateLabel; target?: "labels" | "values" }): Promise<{ overall: EvaluateSegmentRow; slices: (EvaluateSegmentRow & { feature: string; slice: string; rule: string; delta: Record<string, number> })[] }>;
  /**
   * A copy of the dataset with a seeded share of each column's values set missing.
   *
   * @example
   * const { dataset } = await evaluate.injectMissing(test, { columns: ["age"], rate: 0.1, seed: 7 });
   */
  injectMissing(dataset: EvaluateDatasetHandle, options: { columns: string[]; rate: number; seed: number }): Promise<EvaluatePerturbation>;
  /**
   * A copy with a seeded share of values pushed outside the range seen (numbers) or set to an unseen value (text).
   *
   * @example
   * const { dataset } = await evaluate.injectOutOfRange(test, { columns: ["age", "city"], rate: 0.05, seed: 1 });
   */
  injectOutOfRange(dataset: EvaluateDatasetHandle, options: { columns: string[]; rate: number; seed: number; magnitude?: number; unseenValue?: string }): Promise<EvaluatePerturbation>;
  /**
   * A copy with seeded Gaussian noise (scale × each column's standard deviation) on numeric columns.
   *
   * @example
   * const { dataset } = await evaluate.perturb(test, { columns: ["age", "income"], scale: 0.01, seed: 3 });
   */
  perturb(dataset: EvaluateDatasetHandle, options: { columns: string[]; scale?: number; seed: number }): Promise<EvaluatePerturbation>;
  /**
   * The share of predictions that changed between two runs (numbers may move by `tolerance`).
   *
   * @example
   * evaluate.flipRate(before, after).then((f) => f.rate);
   */
  flipRate(before: EvaluateLabels, after: EvaluateLabels, options?: { tolerance?: number }): Promise<{ rate: number; flipped: number; count: number; examples: number[] }>;

  /**
   * sklearn's accuracy_score.
   *
   * @example
   * (await evaluate.accuracy([0, 1, 2, 3], [0, 2, 1, 3])).value; // 0.5
   */
  accuracy(yTrue: EvaluateLabels, yPred: EvaluateLabels, options?: { normalize?: boolean; sampleWeight?: EvaluateNumbers }): Promise<EvaluateResult>;
  /**
   * sklearn's balanced_accuracy_score.
   *
   * @example
   * (await evaluate.balancedAccuracy([0, 1, 0, 0, 1, 0], [0, 1, 0, 0, 0, 1])).value; // 0.625
   */
  balancedAccuracy(yTrue: EvaluateLabels, yPred: EvaluateLabels, options?: { adjusted?: boolean; sampleWeight?: EvaluateNumbers }): Promise<EvaluateResult>;
  /**
   * sklearn's precision_score.
   *
   * @example
   * (await evaluate.precision([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { average: "macro" })).value; // 0.2222…
   */
  precision(yTrue: EvaluateLabels, yPred: EvaluateLabels, options: EvaluatePrfOptions & { average: null }): Promise<EvaluatePerClass>;
  precision(yTrue: EvaluateLabels, yPred: EvaluateLabels, options?: EvaluatePrfOptions): Promise<EvaluateResult>;
  /**
   * sklearn's recall_score.
   *
   * @example
   * (await evaluate.recall([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { average: "macro" })).value; // 0.3333…
   */
  recall(yTrue: EvaluateLabels, yPred: EvaluateLabels, options: EvaluatePrfOptions & { average: null }): Promise<EvaluatePerClass>;
  recall(yTrue: EvaluateLabels, yPred: EvaluateLabels, options?: EvaluatePrfOptions): Promise<EvaluateResult>;
  /**
   * sklearn's f1_score.
   *
   * @example
   * (await evaluate.f1([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { average: null })).value; // [0.8, 0, 0]
   */
  f1(yTrue: EvaluateLabels, yPred: EvaluateLabels, options: EvaluatePrfOptions & { average: null }): Promise<EvaluatePerClass>;
  f1(yTrue: EvaluateLabels, yPred: EvaluateLabels, options?: EvaluatePrfOptions): Promise<EvaluateResult>;
  /**
   * sklearn's fbeta_score.
   *
   * @example
   * (await evaluate.fbeta([0, 1, 1, 0], [0, 1, 0, 0], { beta: 2 })).value; // 0.5555…
   */
  fbeta(yTrue: EvaluateLabels, yPred: EvaluateLabels, options: EvaluatePrfOptions & { beta: number; average: null }): Promise<EvaluatePerClass>;
  fbeta(yTrue: EvaluateLabels, yPred: EvaluateLabels, options: EvaluatePrfOptions & { beta: number }): Promise<EvaluateResult>;
  /**
   * sklearn's precision_recall_fscore_support (arrays when average is null).
   *
   * @example
   * const r = await evaluate.precisionRecallFscoreSupport(yTrue, yPred, { average: null });
   */
  precisionRecallFscoreSupport(yTrue: EvaluateLabels, yPred: EvaluateLabels, options?: EvaluatePrfOptions & { beta?: number }): Promise<{ precision: number | number[]; recall: number | number[]; fscore: number | number[]; support: number[] | null; labels: EvaluateLabel[]; warnings: EvaluateWarning[] }>;
  /**
   * sklearn's confusion_matrix: rows are true labels, columns predicted.
   *
   * @example
   * (await evaluate.confusionMatrix(yTrue, yPred, { normalize: "true" })).value;
   */
  confusionMatrix(yTrue: EvaluateLabels, yPred: EvaluateLabels, options?: { labels?: EvaluateLabels; sampleWeight?: EvaluateNumbers; normalize?: "true" | "pred" | "all" | null }): Promise<EvaluateResult<number[][]> & { labels: EvaluateLabel[] }>;
  /**
   * sklearn's roc_auc_score: binary (scores of the greater label), or multiclass with multiClass "ovr" / "ovo". One class gives NaN with a warning.
   *
   * @example
   * (await evaluate.rocAuc([0, 1, 2, 2], [[1, 0, 0], [0.1, 0.5, 0.4], [0.1, 0.1, 0.8], [0.3, 0.3, 0.4]], { multiClass: "ovr" })).value; // 0.9583…
   */
  rocAuc(yTrue: EvaluateLabels, yScore: EvaluateNumbers | EvaluateScoreMatrix, options: { average: null; multiClass: "ovr"; sampleWeight?: EvaluateNumbers; labels?: EvaluateLabels }): Promise<EvaluatePerClass>;
  rocAuc(yTrue: EvaluateLabels, yScore: EvaluateNumbers | EvaluateScoreMatrix, options?: { average?: "macro" | "weighted" | "micro"; multiClass?: "ovr" | "ovo"; sampleWeight?: EvaluateNumbers; maxFpr?: number; labels?: EvaluateLabels }): Promise<EvaluateResult>;
  /**
   * sklearn's roc_curve (first threshold Infinity).
   *
   * @example
   * const { fpr, tpr } = await evaluate.rocCurve(yTrue, scores);
   */
  rocCurve(yTrue: EvaluateLabels, yScore: EvaluateNumbers, options?: { posLabel?: EvaluateLabel; sampleWeight?: EvaluateNumbers; dropIntermediate?: boolean }): Promise<EvaluateCurve & { fpr: number[]; tpr: number[]; thresholds: number[] }>;
  /**
   * sklearn's precision_recall_curve.
   *
   * @example
   * const { precision, recall } = await evaluate.precisionRecallCurve(yTrue, scores);
   */
  precisionRecallCurve(yTrue: EvaluateLabels, probasPred: EvaluateNumbers, options?: { posLabel?: EvaluateLabel; sampleWeight?: EvaluateNumbers; dropIntermediate?: boolean }): Promise<EvaluateCurve & { precision: number[]; recall: number[]; thresholds: number[] }>;
  /**
   * sklearn's average_precision_score.
   *
   * @example
   * (await evaluate.averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).value; // 0.8333…
   */
  averagePrecision(yTrue: EvaluateLabels, yScore: EvaluateNumbers | EvaluateScoreMatrix, options: { average: null; posLabel?: EvaluateLabel; sampleWeight?: EvaluateNumbers; labels?: EvaluateLabels }): Promise<EvaluatePerClass>;
  averagePrecision(yTrue: EvaluateLabels, yScore: EvaluateNumbers | EvaluateScoreMatrix, options?: { average?: "macro" | "weighted" | "micro"; posLabel?: EvaluateLabel; sampleWeight?: EvaluateNumbers; labels?: EvaluateLabels }): Promise<EvaluateResult>;
  /**
   * sklearn's log_loss (probabilities clipped to [ε, 1 − ε]).
   *
   * @example
   * (await evaluate.logLoss(["spam", "ham", "ham", "spam"], [[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]])).value; // 0.2162…
   */
  logLoss(yTrue: EvaluateLabels, yPred: EvaluateNumbers | EvaluateScoreMatrix, options?: { normalize?: boolean; sampleWeight?: EvaluateNumbers; labels?: EvaluateLabels }): Promise<EvaluateResult>;
  /**
   * sklearn's brier_score_loss (binary probabilities, or a probability matrix).
   *
   * @example
   * (await evaluate.brierScore([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3])).value; // 0.0375
   */
  brierScore(yTrue: EvaluateLabels, yProba: EvaluateNumbers | EvaluateScoreMatrix, options?: { sampleWeight?: EvaluateNumbers; posLabel?: EvaluateLabel; labels?: EvaluateLabels; scaleByHalf?: boolean | "auto" }): Promise<EvaluateResult>;
  /**
   * sklearn's calibration_curve (plus each bin's count and the edges).
   *
   * @example
   * const c = await evaluate.calibrationCurve(yTrue, probabilities, { nBins: 10, strategy: "quantile" });
   */
  calibrationCurve(yTrue: EvaluateLabels, yProb: EvaluateNumbers, options?: { posLabel?: EvaluateLabel; nBins?: number; strategy?: "uniform" | "quantile" }): Promise<EvaluateCurve & { probTrue: number[]; probPred: number[]; counts: number[]; edges: number[] }>;
  /**
   * sklearn's mean_absolute_error.
   *
   * @example
   * (await evaluate.meanAbsoluteError([3, -0.5, 2, 7], [2.5, 0, 2, 8])).value; // 0.5
   */
  meanAbsoluteError(yTrue: EvaluateNumbers, yPred: EvaluateNumbers, options?: { sampleWeight?: EvaluateNumbers }): Promise<EvaluateResult>;
  /**
   * sklearn's mean_squared_error.
   *
   * @example
   * (await evaluate.meanSquaredError([3, -0.5, 2, 7], [2.5, 0, 2, 8])).value; // 0.375
   */
  meanSquaredError(yTrue: EvaluateNumbers, yPred: EvaluateNumbers, options?: { sampleWeight?: EvaluateNumbers }): Promise<EvaluateResult>;
  /**
   * sklearn's root_mean_squared_error.
   *
   * @example
   * (await evaluate.rootMeanSquaredError([3, -0.5, 2, 7], [2.5, 0, 2, 8])).value; // 0.6123…
   */
  rootMeanSquaredError(yTrue: EvaluateNumbers, yPred: EvaluateNumbers, options?: { sampleWeight?: EvaluateNumbers }): Promise<EvaluateResult>;
  /**
   * sklearn's r2_score (fewer than two samples: NaN with a warning).
   *
   * @example
   * (await evaluate.r2([3, -0.5, 2, 7], [2.5, 0, 2, 8])).value; // 0.9486…
   */
  r2(yTrue: EvaluateNumbers, yPred: EvaluateNumbers, options?: { sampleWeight?: EvaluateNumbers; forceFinite?: boolean }): Promise<EvaluateResult>;
  /**
   * sklearn's mean_absolute_percentage_error (a fraction, not ×100).
   *
   * @example
   * (await evaluate.meanAbsolutePercentageError([3, -0.5, 2, 7], [2.5, 0, 2, 8])).value; // 0.3273…
   */
  meanAbsolutePercentageError(yTrue: EvaluateNumbers, yPred: EvaluateNumbers, options?: { sampleWeight?: EvaluateNumbers }): Promise<EvaluateResult>;
  /**
   * Fairlearn's selection_rate.
   *
   * @example
   * (await evaluate.selectionRate([0, 0, 0, 1, 1, 1, 1, 1])).value; // 0.625
   */
  selectionRate(yPred: EvaluateLabels, options?: { posLabel?: EvaluateLabel; sampleWeight?: EvaluateNumbers }): Promise<EvaluateResult>;
  /**
   * Fairlearn's true_positive_rate (no positives counts as 0, with a warning).
   *
   * @example
   * (await evaluate.truePositiveRate([1, 1, 0, 0], [1, 0, 1, 0])).value; // 0.5
   */
  truePositiveRate(yTrue: EvaluateLabels, yPred: EvaluateLabels, options?: { posLabel?: EvaluateLabel; sampleWeight?: EvaluateNumbers }): Promise<EvaluateResult>;
  /**
   * Fairlearn's false_positive_rate (no negatives counts as 0, with a warning).
   *
   * @example
   * (await evaluate.falsePositiveRate([1, 1, 0, 0], [1, 0, 1, 0])).value; // 0.5
   */
  falsePositiveRate(yTrue: EvaluateLabels, yPred: EvaluateLabels, options?: { posLabel?: EvaluateLabel; sampleWeight?: EvaluateNumbers }): Promise<EvaluateResult>;
  /**
   * Fairlearn's demographic_parity_difference.
   *
   * @example
   * (await evaluate.demographicParityDifference(yTrue, yPred, { sensitiveFeatures: sex, method: "to_overall" })).value;
   */
  demographicParityDifference(yTrue: EvaluateLabels, yPred: EvaluateLabels, options: EvaluateFairnessOptions): Promise<EvaluateResult>;
  /**
   * Fairlearn's demographic_parity_ratio.
   *
   * @example
   * (await evaluate.demographicParityRatio(yTrue, yPred, { sensitiveFeatures: { sex, age_band } })).value;
   */
  demographicParityRatio(yTrue: EvaluateLabels, yPred: EvaluateLabels, options: EvaluateFairnessOptions): Promise<EvaluateResult>;
  /**
   * Fairlearn's equalized_odds_difference (agg "worst_case" or "mean").
   *
   * @example
   * (await evaluate.equalizedOddsDifference(yTrue, yPred, { sensitiveFeatures: sex })).value;
   */
  equalizedOddsDifference(yTrue: EvaluateLabels, yPred: EvaluateLabels, options: EvaluateFairnessOptions & { agg?: "worst_case" | "mean" }): Promise<EvaluateResult>;
  /**
   * Fairlearn's equalized_odds_ratio.
   *
   * @example
   * (await evaluate.equalizedOddsRatio(yTrue, yPred, { sensitiveFeatures: sex, agg: "mean" })).value;
   */
  equalizedOddsRatio(yTrue: EvaluateLabels, yPred: EvaluateLabels, options: EvaluateFairnessOptions & { agg?: "worst_case" | "mean" }): Promise<EvaluateResult>;
  /**
   * Every fairness number at once: per-group rates and the four disparities by both methods.
   *
   * @example
   * const f = await evaluate.summarizeFairness(yTrue, yPred, { sensitiveFeatures: { sex } });
   */
  summarizeFairness(yTrue: EvaluateLabels, yPred: EvaluateLabels, options: Omit<EvaluateFairnessOptions, "method">): Promise<EvaluateFairnessSummary>;
  /**
   * A classification summary from arrays (what evaluate.classification computes from columns).
   *
   * @example
   * const e = await evaluate.summarizeClassification({ yTrue, yScore: probabilities }, { threshold: 0.4 });
   */
  summarizeClassification(input: { yTrue: EvaluateLabels; yPred?: EvaluateLabels; yScore?: EvaluateNumbers | EvaluateScoreMatrix; sampleWeight?: EvaluateNumbers }, options?: Omit<EvaluateDatasetClassificationOptions, keyof EvaluateColumns | "by" | "bins" | "segmentMetrics" | "sensitive" | "title">): Promise<EvaluateClassificationEvaluation>;
  /**
   * A regression summary from arrays.
   *
   * @example
   * const e = await evaluate.summarizeRegression({ yTrue: actual, yPred: predicted });
   */
  summarizeRegression(input: { yTrue: EvaluateNumbers; yPred: EvaluateNumbers; sampleWeight?: EvaluateNumbers }, options?: { maxPoints?: number; bins?: number }): Promise<EvaluateRegressionEvaluation>;
  /**
   * Named metrics (see metricNames) broken down by groups of rows, with counts.
   *
   * @example
   * const b = await evaluate.segmentMetrics({ yTrue, yPred }, { region }, { metrics: ["accuracy", "f1_macro"] });
   */
  segmentMetrics(input: { yTrue: EvaluateLabels | EvaluateNumbers; yPred?: EvaluateLabels | EvaluateNumbers; yScore?: EvaluateNumbers | EvaluateScoreMatrix; sampleWeight?: EvaluateNumbers }, by: Record<string, ReadonlyArray<EvaluateLabel | null> | ArrayLike<number>>, options: { metrics: string[]; bins?: Record<string, number[]>; labels?: EvaluateLabel[]; posLabel?: EvaluateLabel; allCombinations?: boolean }): Promise<EvaluateSegmentBreakdown>;
  /**
   * The report of a classification summary.
   *
   * @example
   * const report = await evaluate.classificationReport(await evaluate.summarizeClassification({ yTrue, yPred }));
   */
  classificationReport(evaluation: EvaluateClassificationEvaluation, extras?: { title?: string; segments?: EvaluateSegmentBreakdown; fairness?: EvaluateFairnessSummary }): Promise<EvaluateReport>;
  /**
   * The report of a regression summary.
   *
   * @example
   * const report = await evaluate.regressionReport(await evaluate.summarizeRegression({ yTrue, yPred }));
   */
  regressionReport(evaluation: EvaluateRegressionEvaluation, extras?: { title?: string; segments?: EvaluateSegmentBreakdown }): Promise<EvaluateReport>;
  /**
   * A report as cell outputs (markdown, tables, charts), in order.
   *
   * @example
   * const outputs = await evaluate.reportOutputs(report);
   */
  reportOutputs(report: EvaluateReport): Promise<({ type: "markdown"; text: string } | { type: "table"; columns: string[]; rows: unknown[][]; total: number; pageSize: number; caption?: string } | { type: "chart"; spec: Record<string, unknown> })[]>;
  /**
   * Stores a report as an artifact and returns its id (for the run's record).
   *
   * @example
   * const { id } = await evaluate.storeReport(report);
   */
  storeReport(report: EvaluateReport): Promise<{ id: string; size: number }>;
  /**
   * The metric names breakdowns, edge cases and stress tests accept (sklearn scorer names without neg_).
   *
   * @example
   * await evaluate.metricNames(); // ["accuracy", "balanced_accuracy", "precision", …]
   */
  metricNames(): Promise<string[]>;
}

/** Options of the fairness metrics. */
interface EvaluateFairnessOptions {
  /** One sensitive feature, or several by name (groups are their combinations). */
  sensitiveFeatures: EvaluateLabels | Record<string, EvaluateLabels>;
  /** "between_groups" (default) or "to_overall". */
  method?: "between_groups" | "to_overall";
  sampleWeight?: EvaluateNumbers;
  /** The favourable outcome; default 1. */
  posLabel?: EvaluateLabel;
}

/**
 * Model evaluation: metrics with scikit-learn's semantics, breakdowns,
 * fairness (Fairlearn), stress and robustness tests, and reports.
 *
 * @example
 * const { report } = await evaluate.classification(test, { yTrue: "label", yPred: "pred" });
 */
declare const evaluate: TracebookEvaluate;
