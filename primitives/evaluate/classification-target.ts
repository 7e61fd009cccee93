import { EvaluateError } from "./errors";
import { readScores, requireObject } from "./inputs";
import { compareKeys, labelKey, readLabelOption, readLabels, showLabels, uniqueKeys, type Label, type LabelColumn, type LabelKey } from "./labels";
import type { ClassificationEvaluation, ClassificationInput, ClassificationOptions } from "./classification-summary";

/** A classification problem read once: classes, task, positive class, scores and the predictions to score. */
export interface ResolvedClassification {
  yTrue: LabelColumn;
  givenPred: LabelColumn | null;
  /** Sorted; the score columns' order. */
  classes: LabelKey[];
  task: "binary" | "multiclass";
  posLabel: LabelKey | null;
  scores: ReturnType<typeof readScores> | null;
  /** Binary: the positive class's scores. */
  scoreColumn: Float64Array | null;
  /** Given, or derived from the scores. */
  yPred: LabelKey[];
  prediction: ClassificationEvaluation["prediction"];
  /** The caller's spelling of keys (booleans stay booleans). */
  show(keys: readonly LabelKey[]): Label[];
}

/**
 * Reads labels, predictions and scores and settles the classes, the task,
 * the positive class and the predictions (given, or score ≥ threshold for
 * binary, the top column for multiclass).
 * @example
 * resolveClassification({ yTrue: [0, 1], yScore: [0.3, 0.6] }, {}).yPred; // [0, 1]
 */
export function resolveClassification(input: ClassificationInput, options: ClassificationOptions): ResolvedClassification {
  requireObject("input", input);
  const yTrue = readLabels("y_true", input.yTrue);
  const scores = input.yScore === undefined || input.yScore === null ? null : readScores("y_score", input.yScore);
  const givenPred = input.yPred === undefined || input.yPred === null ? null : readLabels("y_pred", input.yPred);
  if (!givenPred && !scores) throw new EvaluateError("invalid_argument", "pass yPred, yScore or both", {});
  const classes = options.labels === undefined || options.labels === null
    ? uniqueKeys(yTrue, ...(givenPred ? [givenPred] : []))
    : [...readLabelOption(options.labels, yTrue.kind)].sort(compareKeys);
  const task = classes.length > 2 || (scores !== null && scores.columns.length > 2) ? "multiclass" : "binary";
  const posLabel = task === "binary" ? choosePositive(classes, options.posLabel) : null;
  const scoreColumn = scores && posLabel !== null ? positiveScores(scores, classes, posLabel) : null;
  let prediction: ClassificationEvaluation["prediction"] = { source: "column" };
  let yPred: LabelKey[];
  if (givenPred) yPred = givenPred.keys;
  else if (task === "binary") {
    const threshold = options.threshold ?? 0.5;
    if (typeof threshold !== "number" || !Number.isFinite(threshold)) throw new EvaluateError("invalid_argument", `threshold must be a finite number, got ${String(threshold)}`, { argument: "threshold" });
    if (classes.length < 2) throw new EvaluateError("invalid_argument", "deriving predictions from scores needs both classes: pass labels", { argument: "labels" });
    const negative = classes.find((c) => c !== posLabel)!;
    yPred = Array.from(scoreColumn!, (s) => (s >= threshold ? posLabel! : negative));
    prediction = { source: "threshold", threshold };
  } else {
    yPred = argmax(scores!, classes);
    prediction = { source: "argmax" };
  }
  const columns = [yTrue, ...(givenPred ? [givenPred] : [])];
  return { yTrue, givenPred, classes, task, posLabel, scores, scoreColumn, yPred, prediction, show: (keys) => showLabels(keys, columns) };
}

function choosePositive(classes: LabelKey[], posLabel: Label | undefined): LabelKey {
  if (posLabel !== undefined && posLabel !== null) return labelKey("pos_label", posLabel);
  if (classes.every((c) => c === 0 || c === 1) || classes.every((c) => c === -1 || c === 1)) return 1;
  throw new EvaluateError("invalid_labels", `binary labels ${JSON.stringify(classes)} need posLabel (which class is positive?)`, { argument: "pos_label" });
}

/** The positive class's scores: a 1-D score, or its column of a two-column matrix. */
function positiveScores(scores: ReturnType<typeof readScores>, classes: LabelKey[], posLabel: LabelKey): Float64Array {
  if (!scores.matrix || scores.columns.length === 1) return scores.columns[0]!;
  const c = classes.indexOf(posLabel);
  if (scores.columns.length !== classes.length || c < 0) {
    throw new EvaluateError("length_mismatch", `y_score has ${scores.columns.length} columns for ${classes.length} classes; pass labels naming each column's class`, {});
  }
  return scores.columns[c]!;
}

/** np.argmax per row (the first column wins ties). */
function argmax(scores: ReturnType<typeof readScores>, classes: LabelKey[]): LabelKey[] {
  if (scores.columns.length !== classes.length) {
    throw new EvaluateError("length_mismatch", `y_score has ${scores.columns.length} columns but there are ${classes.length} classes; pass labels naming each column's class`, {});
  }
  return Array.from({ length: scores.rows }, (_, i) => {
    let best = 0;
    for (let c = 1; c < scores.columns.length; c++) if (scores.columns[c]![i]! > scores.columns[best]![i]!) best = c;
    return classes[best]!;
  });
}
