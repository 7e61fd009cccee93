import { confusionMatrixOf } from "./confusion";
import { requireSamples, type NumberArray } from "./inputs";
import type { LabelArray } from "./labels";
import { Warnings, type MetricResult } from "./result";
import { npAverage, pairwiseSum } from "./summation";
import { readTargets, requirePositiveTotal } from "./targets";

/**
 * sklearn's accuracy_score: the share (or, with normalize false, the count or
 * weight) of samples whose predicted label equals the true one.
 * @example
 * accuracy([0, 1, 2, 3], [0, 2, 1, 3]).value; // 0.5
 * accuracy([0, 1, 2, 3], [0, 2, 1, 3], { normalize: false }).value; // 2
 */
export function accuracy(yTrue: LabelArray, yPred: LabelArray, options: { normalize?: boolean; sampleWeight?: NumberArray } = {}): MetricResult {
  const t = readTargets(yTrue, yPred, options.sampleWeight);
  const n = t.yTrue.keys.length;
  requireSamples("y_true", n);
  const hits = new Float64Array(n);
  const truth = t.yTrue.keys;
  const predicted = t.yPred.keys;
  for (let i = 0; i < n; i++) if (truth[i] === predicted[i]) hits[i] = 1;
  if (options.normalize === false) return { value: pairwiseSum(t.weights ? hits.map((h, i) => h * t.weights![i]!) : hits), warnings: [] };
  requirePositiveTotal(t.weights, n, "accuracy");
  return { value: npAverage(hits, t.weights), warnings: [] };
}

/**
 * sklearn's balanced_accuracy_score: the mean recall over the classes of
 * y_true. Classes only predicted are skipped with a warning; `adjusted`
 * rescales so chance scores 0 and perfect 1.
 * @example
 * balancedAccuracy([0, 1, 0, 0, 1, 0], [0, 1, 0, 0, 0, 1]).value; // 0.625
 */
export function balancedAccuracy(yTrue: LabelArray, yPred: LabelArray, options: { adjusted?: boolean; sampleWeight?: NumberArray } = {}): MetricResult {
  const targets = readTargets(yTrue, yPred, options.sampleWeight);
  requireSamples("y_true", targets.yTrue.keys.length);
  const cm = confusionMatrixOf(targets, {});
  const warnings = new Warnings();
  const perClass: number[] = [];
  cm.value.forEach((row, i) => {
    const support = row.reduce((a, b) => a + b, 0);
    const r = row[i]! / support;
    if (!Number.isNaN(r)) perClass.push(r);
  });
  if (perClass.length < cm.value.length) warnings.add("classes_not_in_y_true", "y_pred contains classes not in y_true; they are left out of the mean recall");
  let score = perClass.reduce((a, b) => a + b, 0) / perClass.length;
  if (options.adjusted) {
    const chance = 1 / perClass.length;
    score = (score - chance) / (1 - chance);
    if (!Number.isFinite(score)) warnings.add("single_class", "adjusted balanced accuracy is undefined with a single class in y_true");
  }
  return { value: score, warnings: warnings.list() };
}
