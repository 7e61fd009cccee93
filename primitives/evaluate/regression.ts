import { checkLengths, readNumbers, readWeights, requireSamples, type NumberArray } from "./inputs";
import { Warnings, type MetricResult } from "./result";
import { npAverage, pairwiseSum } from "./summation";
import { requirePositiveTotal } from "./targets";

export interface RegressionOptions {
  sampleWeight?: NumberArray;
}

interface Pair {
  t: Float64Array;
  p: Float64Array;
  w: Float64Array | null;
}

function readPair(yTrue: NumberArray, yPred: NumberArray, sampleWeight: NumberArray | undefined): Pair {
  const t = readNumbers("y_true", yTrue);
  const p = readNumbers("y_pred", yPred);
  checkLengths([["y_true", t.length], ["y_pred", p.length]]);
  requireSamples("y_true", t.length);
  return { t, p, w: readWeights(sampleWeight, t.length) };
}

/** np.average(values, weights) in numpy's summation order, refusing a zero total weight. */
function average(values: (i: number) => number, { t, w }: Pair, what: string): number {
  requirePositiveTotal(w, t.length, what);
  return npAverage(Float64Array.from({ length: t.length }, (_, i) => values(i)), w);
}

/**
 * sklearn's mean_absolute_error.
 * @example
 * meanAbsoluteError([3, -0.5, 2, 7], [2.5, 0, 2, 8]).value; // 0.5
 */
export function meanAbsoluteError(yTrue: NumberArray, yPred: NumberArray, options: RegressionOptions = {}): MetricResult {
  const pair = readPair(yTrue, yPred, options.sampleWeight);
  return { value: average((i) => Math.abs(pair.p[i]! - pair.t[i]!), pair, "the mean absolute error"), warnings: [] };
}

/**
 * sklearn's mean_squared_error.
 * @example
 * meanSquaredError([3, -0.5, 2, 7], [2.5, 0, 2, 8]).value; // 0.375
 */
export function meanSquaredError(yTrue: NumberArray, yPred: NumberArray, options: RegressionOptions = {}): MetricResult {
  const pair = readPair(yTrue, yPred, options.sampleWeight);
  return { value: average((i) => (pair.t[i]! - pair.p[i]!) ** 2, pair, "the mean squared error"), warnings: [] };
}

/**
 * sklearn's root_mean_squared_error: √MSE.
 * @example
 * rootMeanSquaredError([3, -0.5, 2, 7], [2.5, 0, 2, 8]).value; // 0.6123…
 */
export function rootMeanSquaredError(yTrue: NumberArray, yPred: NumberArray, options: RegressionOptions = {}): MetricResult {
  const mse = meanSquaredError(yTrue, yPred, options);
  return { value: Math.sqrt(mse.value), warnings: mse.warnings };
}

/**
 * sklearn's mean_absolute_percentage_error: mean |y − ŷ| / max(|y|, ε), as
 * a fraction (not ×100). Zeros in y_true make it huge, so they warn.
 * @example
 * meanAbsolutePercentageError([3, -0.5, 2, 7], [2.5, 0, 2, 8]).value; // 0.3273…
 */
export function meanAbsolutePercentageError(yTrue: NumberArray, yPred: NumberArray, options: RegressionOptions = {}): MetricResult {
  const pair = readPair(yTrue, yPred, options.sampleWeight);
  const warnings = new Warnings();
  if (pair.t.some((v) => v === 0)) warnings.add("zero_in_y_true", "y_true holds zeros: their errors are divided by machine epsilon (2.2e-16), so MAPE is dominated by them");
  const eps = 2 ** -52;
  return { value: average((i) => Math.abs(pair.p[i]! - pair.t[i]!) / Math.max(Math.abs(pair.t[i]!), eps), pair, "MAPE"), warnings: warnings.list() };
}

/**
 * sklearn's r2_score: 1 − Σw(y − ŷ)² / Σw(y − ȳ)². Fewer than two samples
 * give NaN with a warning. A constant y_true gives 1 when predicted exactly
 * and 0 otherwise (forceFinite, the default; false gives NaN or −Infinity),
 * with a warning.
 * @example
 * r2([3, -0.5, 2, 7], [2.5, 0, 2, 8]).value; // 0.9486…
 */
export function r2(yTrue: NumberArray, yPred: NumberArray, options: RegressionOptions & { forceFinite?: boolean } = {}): MetricResult {
  const pair = readPair(yTrue, yPred, options.sampleWeight);
  const warnings = new Warnings();
  const { t, p, w } = pair;
  if (t.length < 2) {
    warnings.add("too_few_samples", "R² is not well-defined with less than two samples.");
    return { value: NaN, warnings: warnings.list() };
  }
  const mean = average((i) => t[i]!, pair, "R²");
  const num = pairwiseSum(Float64Array.from(t, (y, i) => (w ? w[i]! : 1) * (y - p[i]!) ** 2));
  const den = pairwiseSum(Float64Array.from(t, (y, i) => (w ? w[i]! : 1) * (y - mean) ** 2));
  if (den === 0) {
    warnings.add("constant_y_true", "y_true is constant, so R² is undefined; it is 1 for a perfect prediction and 0 otherwise (forceFinite)");
    if (options.forceFinite === false) return { value: 1 - num / den, warnings: warnings.list() };
    return { value: num === 0 ? 1 : 0, warnings: warnings.list() };
  }
  return { value: 1 - num / den, warnings: warnings.list() };
}
