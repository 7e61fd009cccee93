import { readPositiveKey } from "./curves";
import { npAverage, pairwiseSum } from "./summation";
import { EvaluateError } from "./errors";
import { checkLengths, readScores, readWeights, requireSamples, type NumberArray, type ScoreMatrix } from "./inputs";
import { compareKeys, encodeKeys, readLabelOption, readLabels, uniqueKeys, type Label, type LabelArray, type LabelColumn, type LabelKey } from "./labels";
import { Warnings, type MetricResult } from "./result";
import { requirePositiveTotal } from "./targets";

/** The smallest probability log loss uses (float64 machine epsilon), as sklearn clips. */
const EPS = 2 ** -52;

export interface LogLossOptions {
  /** Mean (default) or sum of the per-sample losses. */
  normalize?: boolean;
  sampleWeight?: NumberArray;
  /** The class of each probability column (sorted); default the sorted classes of y_true. */
  labels?: LabelArray;
}

/**
 * sklearn's log_loss (cross-entropy): −mean log p(true class).
 * Probabilities are clipped to [ε, 1−ε]; one column (or a 1-D array) is the
 * greater class's probability. Rows not summing to 1 give a warning (not a
 * rescale); values outside [0, 1] and labels outside the columns' classes
 * are refused.
 * @example
 * logLoss(["spam", "ham", "ham", "spam"], [[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]]).value; // 0.2162…
 */
export function logLoss(yTrue: LabelArray, yPred: NumberArray | ScoreMatrix, options: LogLossOptions = {}): MetricResult {
  const { column, classes, probs, warnings } = readProbabilities(yTrue, yPred, options.labels, "log loss");
  const n = column.keys.length;
  const weights = readWeights(options.sampleWeight, n);
  const encoded = encodeKeys(column.keys, classes);
  const losses = new Float64Array(n);
  for (let i = 0; i < n; i++) losses[i] = -Math.log(Math.min(Math.max(probs[encoded[i]!]![i]!, EPS), 1 - EPS));
  if (options.normalize === false) {
    return { value: weights ? pairwiseSum(losses.map((l, i) => l * weights[i]!)) : pairwiseSum(losses), warnings: warnings.list() };
  }
  requirePositiveTotal(weights, n, "log loss");
  return { value: npAverage(losses, weights), warnings: warnings.list() };
}

export interface BrierOptions {
  sampleWeight?: NumberArray;
  /** Binary (1-D probabilities): the positive class; default 1 (y_true must then be in {0, 1} or {-1, 1}). */
  posLabel?: Label;
  /** Multiclass: the class of each probability column (sorted). */
  labels?: LabelArray;
  /** Halve the score so binary values lie in [0, 1]; "auto" (default) halves for one or two columns, as sklearn. */
  scaleByHalf?: boolean | "auto";
}

/**
 * sklearn's brier_score_loss: the mean squared difference between the
 * one-hot truth and the predicted probabilities. Binary: 1-D probabilities
 * of posLabel, giving mean (y − p)². Multiclass: a probability matrix,
 * summed over classes (not halved unless asked).
 * @example
 * brierScore([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3]).value; // 0.0375
 */
export function brierScore(yTrue: LabelArray, yProba: NumberArray | ScoreMatrix, options: BrierOptions = {}): MetricResult {
  const scores = readScores("y_proba", yProba);
  checkProbabilityRange(scores.columns);
  if (!scores.matrix || scores.columns.length === 1) {
    const column = readLabels("y_true", yTrue);
    const n = column.keys.length;
    checkLengths([["y_true", n], ["y_proba", scores.rows]]);
    requireSamples("y_true", n);
    const weights = readWeights(options.sampleWeight, n);
    const pos = readPositiveKey(column, options.posLabel);
    const classes = uniqueKeys(column);
    if (classes.length > 2) throw new EvaluateError("invalid_labels", `1-D probabilities need a binary y_true, got ${classes.length} classes; pass one probability column per class`, { argument: "y_true" });
    requirePositiveTotal(weights, n, "the Brier score");
    const squared = new Float64Array(n);
    const probability = scores.columns[0]!;
    for (let i = 0; i < n; i++) squared[i] = ((column.keys[i] === pos ? 1 : 0) - probability[i]!) ** 2;
    const mean = npAverage(squared, weights);
    return { value: options.scaleByHalf === false ? 2 * mean : mean, warnings: [] };
  }
  const { column, classes, probs, warnings } = readProbabilities(yTrue, yProba, options.labels, "the Brier score");
  const n = column.keys.length;
  const weights = readWeights(options.sampleWeight, n);
  const encoded = encodeKeys(column.keys, classes);
  const rows = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let row = 0;
    for (let c = 0; c < probs.length; c++) row += ((encoded[i] === c ? 1 : 0) - probs[c]![i]!) ** 2;
    rows[i] = row;
  }
  requirePositiveTotal(weights, n, "the Brier score");
  const mean = npAverage(rows, weights);
  const half = options.scaleByHalf === undefined || options.scaleByHalf === "auto" ? probs.length < 3 : options.scaleByHalf;
  return { value: half ? mean * 0.5 : mean, warnings: warnings.list() };
}

/** Labels and probability columns checked together, as sklearn's _validate_multiclass_probabilistic_prediction. */
function readProbabilities(yTrue: LabelArray, yPred: NumberArray | ScoreMatrix, labels: LabelArray | undefined, what: string): { column: LabelColumn; classes: LabelKey[]; probs: Float64Array[]; warnings: Warnings } {
  const column = readLabels("y_true", yTrue);
  const scores = readScores("y_pred", yPred);
  checkLengths([["y_true", column.keys.length], ["y_pred", scores.rows]]);
  requireSamples("y_true", column.keys.length);
  checkProbabilityRange(scores.columns);
  const classes = labels === undefined || labels === null ? uniqueKeys(column) : [...readLabelOption(labels, column.kind)].sort(compareKeys);
  if (classes.length < 2) {
    throw new EvaluateError("invalid_labels", labels === undefined
      ? `y_true contains only one label (${JSON.stringify(classes[0])}); pass every class through labels`
      : `labels needs at least two classes for ${what}, got ${classes.length}`, { argument: "labels" });
  }
  const known = new Set(classes);
  const unseen = [...column.shown.keys()].filter((k) => !known.has(k));
  if (unseen.length > 0) throw new EvaluateError("unseen_label", `y_true holds label(s) not in labels: ${unseen.slice(0, 10).map((k) => JSON.stringify(k)).join(", ")}`, { unseen: unseen.slice(0, 10) });
  const probs = scores.columns.length === 1 ? [scores.columns[0]!.map((p) => 1 - p), scores.columns[0]!] : scores.columns;
  if (probs.length !== classes.length) {
    throw new EvaluateError("length_mismatch", `y_true and labels give ${classes.length} classes but y_pred has ${probs.length} columns; pass labels naming each column's class`, { classes: classes.length, columns: probs.length });
  }
  const warnings = new Warnings();
  const tolerance = 1e-8 + Math.sqrt(EPS);
  for (let i = 0; i < column.keys.length; i++) {
    let s = 0;
    for (let c = 0; c < probs.length; c++) s += probs[c]![i]!;
    if (!(Math.abs(s - 1) <= tolerance)) {
      warnings.add("probabilities_not_normalized", "The y_pred values do not sum to one. Make sure to pass probabilities.");
      break;
    }
  }
  return { column, classes, probs, warnings };
}

function checkProbabilityRange(columns: Float64Array[]): void {
  for (const [j, c] of columns.entries()) {
    let i = 0;
    while (i < c.length && c[i]! >= 0 && c[i]! <= 1) i++;
    if (i < c.length) throw new EvaluateError("invalid_argument", `probabilities must lie in [0, 1]: row ${i}, column ${j} is ${c[i]}`, { argument: "y_pred", row: i, column: j });
  }
}
