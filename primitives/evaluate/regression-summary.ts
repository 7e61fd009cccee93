import { checkLengths, readNumbers, readWeights, requireObject, requireSamples, type NumberArray } from "./inputs";
import { computeMetric, type MetricName } from "./registry";
import type { MetricWarning } from "./result";

export interface RegressionInput {
  yTrue: NumberArray;
  yPred: NumberArray;
  sampleWeight?: NumberArray;
}

/** Everything a regression report shows, as plain data. */
export interface RegressionEvaluation {
  task: "regression";
  rows: number;
  totalWeight: number | null;
  metrics: Partial<Record<MetricName, number>>;
  /** Up to `maxPoints` (actual, predicted) pairs, evenly spaced by row, for the scatter plot. */
  points: { actual: number; predicted: number }[];
  /** Residuals (predicted − actual) in equal-width bins. */
  residualHistogram: { start: number; end: number; count: number }[];
  warnings: (MetricWarning & { metric: string })[];
}

/**
 * MAE, MSE, RMSE, R² and MAPE with the points and residual histogram a
 * report charts.
 * @example
 * summarizeRegression({ yTrue: [3, -0.5, 2, 7], yPred: [2.5, 0, 2, 8] }).metrics.r2; // 0.9486…
 */
export function summarizeRegression(input: RegressionInput, options: { maxPoints?: number; bins?: number } = {}): RegressionEvaluation {
  requireObject("input", input);
  const t = readNumbers("y_true", input.yTrue);
  const p = readNumbers("y_pred", input.yPred);
  checkLengths([["y_true", t.length], ["y_pred", p.length]]);
  requireSamples("y_true", t.length);
  const w = readWeights(input.sampleWeight, t.length);
  const metrics: RegressionEvaluation["metrics"] = {};
  const warnings: RegressionEvaluation["warnings"] = [];
  for (const name of ["mean_absolute_error", "mean_squared_error", "root_mean_squared_error", "r2", "mean_absolute_percentage_error"] as MetricName[]) {
    const r = computeMetric(name, { yTrue: t, yPred: p, sampleWeight: w ?? undefined });
    metrics[name] = r.value;
    for (const x of r.warnings) warnings.push({ metric: name, ...x });
  }
  const maxPoints = options.maxPoints ?? 2000;
  const step = Math.max(1, Math.ceil(t.length / maxPoints));
  const points: RegressionEvaluation["points"] = [];
  for (let i = 0; i < t.length; i += step) points.push({ actual: t[i]!, predicted: p[i]! });
  return {
    task: "regression", rows: t.length, totalWeight: w ? w.reduce((a, b) => a + b, 0) : null, metrics, points,
    residualHistogram: histogram(p.map((x, i) => x - t[i]!), options.bins ?? 30), warnings,
  };
}

function histogram(values: Float64Array, bins: number): RegressionEvaluation["residualHistogram"] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (hi === lo) return [{ start: lo, end: hi, count: values.length }];
  const width = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.floor((v - lo) / width))]!++;
  return counts.map((count, k) => ({ start: lo + k * width, end: k === bins - 1 ? hi : lo + (k + 1) * width, count }));
}
