import { readBinaryTarget } from "./curves";
import { EvaluateError } from "./errors";
import type { NumberArray } from "./inputs";
import { readLabels, uniqueKeys, type Label, type LabelArray } from "./labels";
import type { MetricWarning } from "./result";

export interface CalibrationCurveOptions {
  /** The positive class; default 1 (y_true must then be in {0, 1} or {-1, 1}). */
  posLabel?: Label;
  /** Default 5. */
  nBins?: number;
  /** "uniform" (default): equal-width bins over [0, 1]; "quantile": bins of equal counts. */
  strategy?: "uniform" | "quantile";
}

/** One point per non-empty bin, in bin order. */
export interface CalibrationCurve {
  /** Share of positives in each bin (the y axis of a reliability diagram). */
  probTrue: number[];
  /** Mean predicted probability in each bin. */
  probPred: number[];
  /** Samples per bin (an extension: sklearn returns only the two above). */
  counts: number[];
  /** The n_bins + 1 edges used (quantile edges may repeat). */
  edges: number[];
  warnings: MetricWarning[];
}

/**
 * sklearn's calibration_curve: bins the predicted probabilities and compares
 * each bin's mean prediction with its share of positives. A value on an
 * inner edge falls in the lower bin; empty bins are left out.
 * @example
 * calibrationCurve([0, 0, 0, 0, 1, 1, 1, 1, 1], [0.1, 0.2, 0.3, 0.4, 0.65, 0.7, 0.8, 0.9, 1], { nBins: 3 });
 * // probTrue [0, 0.5, 1], probPred [0.2, 0.525, 0.85]
 */
export function calibrationCurve(yTrue: LabelArray, yProb: NumberArray, options: CalibrationCurveOptions = {}): CalibrationCurve {
  const nBins = options.nBins ?? 5;
  if (!Number.isInteger(nBins) || nBins < 1) throw new EvaluateError("invalid_argument", `nBins must be an integer >= 1, got ${String(nBins)}`, { argument: "n_bins" });
  const strategy = options.strategy ?? "uniform";
  if (strategy !== "uniform" && strategy !== "quantile") {
    throw new EvaluateError("invalid_argument", `strategy must be "uniform" or "quantile", got ${JSON.stringify(strategy)}`, { argument: "strategy" });
  }
  const target = readBinaryTarget(yTrue, yProb, { posLabel: options.posLabel, scoreName: "y_prob" });
  const p = target.score;
  if (p.some((x) => x < 0 || x > 1)) throw new EvaluateError("invalid_argument", "y_prob has values outside [0, 1]", { argument: "y_prob" });
  const classes = uniqueKeys(readLabels("y_true", yTrue));
  if (classes.length > 2) throw new EvaluateError("invalid_labels", `only binary classification is supported; y_true has ${classes.length} classes`, { argument: "y_true" });
  const edges = strategy === "quantile"
    ? linspace01(nBins).map((q) => percentileLinear(p, (q * 100) / 100))
    : linspace01(nBins);
  const inner = edges.slice(1, -1);
  const sums = new Float64Array(nBins);
  const trues = new Float64Array(nBins);
  const totals = new Float64Array(nBins);
  for (let i = 0; i < p.length; i++) {
    const bin = searchSortedLeft(inner, p[i]!);
    sums[bin]! += p[i]!;
    trues[bin]! += target.positive[i]!;
    totals[bin]!++;
  }
  const out: CalibrationCurve = { probTrue: [], probPred: [], counts: [], edges, warnings: [] };
  for (let b = 0; b < nBins; b++) {
    if (totals[b] === 0) continue;
    out.probTrue.push(trues[b]! / totals[b]!);
    out.probPred.push(sums[b]! / totals[b]!);
    out.counts.push(totals[b]!);
  }
  return out;
}

/**
 * np.linspace(0, 1, n + 1): i · (1 / n), the last exactly 1.
 * @example
 * linspace01(4); // [0, 0.25, 0.5, 0.75, 1]
 */
export function linspace01(n: number): number[] {
  const step = 1 / n;
  return Array.from({ length: n + 1 }, (_, i) => (i === n ? 1 : i * step));
}

/**
 * np.percentile(values, q · 100) with numpy's default linear method, for q
 * in [0, 1], computed the way numpy 1.24 does (virtual index (n − 1) · q,
 * then its two-sided lerp) so bin edges match bit for bit.
 * @example
 * percentileLinear(Float64Array.of(1, 2, 3, 4), 0.5); // 2.5
 */
export function percentileLinear(values: Float64Array, q: number): number {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const virtual = (n - 1) * q;
  let prev = Math.floor(virtual);
  let next = prev + 1;
  if (virtual >= n - 1) {
    prev = n - 1;
    next = n - 1;
  }
  const gamma = virtual >= n - 1 ? virtual + 1 : virtual - Math.floor(virtual);
  const a = sorted[prev]!;
  const b = sorted[next]!;
  const diff = b - a;
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}

/** np.searchsorted(edges, x, side="left"): the first index whose edge is >= x. */
function searchSortedLeft(edges: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
