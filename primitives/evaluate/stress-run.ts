import type { Dataset } from "../data/dataset";
import type { DataEngine } from "../data/engine";
import { readChosen } from "./dataset-evaluation";
import { EvaluateError } from "./errors";
import type { NumberArray } from "./inputs";
import type { Label, LabelArray } from "./labels";
import { injectMissing, injectOutOfRange, perturbNumeric, type PerturbationReport } from "./perturb";
import type { MetricContext } from "./registry";
import { sliceMetrics } from "./segments";
import { flipRate, type FlipResult } from "./stress";

/** Predicts one value per row of a dataset, in row order (a model wrapped by its owner). */
export type Predictor = (dataset: Dataset) => Promise<ArrayLike<Label> | NumberArray>;

export interface StressTestOptions extends MetricContext {
  /** The true label (or value) column. */
  yTrue: string;
  sampleWeight?: string;
  /** Feature columns to stress one at a time. */
  features: string[];
  /** Metric names computed from the predictions (label or value metrics). */
  metrics: string[];
  seed: number;
  /** Share of each feature's values set missing. Default 0.1; 0 skips. */
  missingRate?: number;
  /** Share of each feature's values pushed out of range. Default 0.1; 0 skips. */
  outOfRangeRate?: number;
  /** "labels" (default) or "values" (regression). */
  target?: "labels" | "values";
  /** Numeric predictions: changes up to this much do not count as flips. */
  tolerance?: number;
}

export interface StressRow {
  test: "baseline" | "missing" | "out_of_range";
  feature: string | null;
  /** Values changed in the feature. */
  changed: number;
  metrics: Record<string, number>;
  /** Each metric minus the baseline. */
  delta: Record<string, number>;
  /** Predictions that changed against the baseline. */
  flips: FlipResult | null;
}

/**
 * Runs the model on the data as is, then with each feature's values
 * partly missing and partly out of range, and reports each metric's change
 * and the share of predictions that flipped.
 * @example
 * const rows = await runStressTest(engine, test, (ds) => model.predictDataset(ds), { yTrue: "label", features: ["age"], metrics: ["accuracy"], seed: 1 });
 */
export async function runStressTest(engine: DataEngine, dataset: Dataset, predict: Predictor, options: StressTestOptions): Promise<StressRow[]> {
  const read = await readChosen(engine, dataset, { yTrue: options.yTrue, sampleWeight: options.sampleWeight }, options.target === "values" ? "number" : "label", []);
  const score = async (variant: Dataset) => {
    const predictions = await predictRows(predict, variant);
    const r = sliceMetrics({ yTrue: read.yTrue as LabelArray, yPred: predictions as LabelArray, sampleWeight: read.weights }, [], options);
    return { predictions, metrics: r.overall.metrics };
  };
  const baseline = await score(dataset);
  const rows: StressRow[] = [{ test: "baseline", feature: null, changed: 0, metrics: baseline.metrics, delta: zeroDelta(baseline.metrics), flips: null }];
  const variants: [StressRow["test"], number, (f: string) => Promise<{ dataset: Dataset; report: PerturbationReport }>][] = [
    ["missing", options.missingRate ?? 0.1, (f) => injectMissing(engine, dataset, { columns: [f], rate: options.missingRate ?? 0.1, seed: options.seed })],
    ["out_of_range", options.outOfRangeRate ?? 0.1, (f) => injectOutOfRange(engine, dataset, { columns: [f], rate: options.outOfRangeRate ?? 0.1, seed: options.seed })],
  ];
  for (const feature of options.features) {
    for (const [test, rate, make] of variants) {
      if (rate === 0) continue;
      const variant = await make(feature);
      const r = await score(variant.dataset);
      rows.push({
        test, feature, changed: variant.report.changed[feature] ?? 0, metrics: r.metrics,
        delta: Object.fromEntries(Object.entries(r.metrics).map(([m, v]) => [m, v - baseline.metrics[m]!])),
        flips: flipRate(baseline.predictions, r.predictions, { tolerance: options.tolerance }),
      });
    }
  }
  return rows;
}

export interface RobustnessResult {
  scale: number;
  /** One entry per perturbation seed. */
  runs: { seed: number; flips: FlipResult }[];
  meanFlipRate: number;
  maxFlipRate: number;
}

/**
 * The share of predictions that flip under small seeded Gaussian noise on
 * numeric features (scale × each column's standard deviation), over
 * `repeats` seeds (seed, seed + 1, …).
 * @example
 * const r = await robustness(engine, test, predict, { columns: ["age", "income"], scale: 0.01, seed: 7, repeats: 5 });
 * r.meanFlipRate; // 0.012
 */
export async function robustness(
  engine: DataEngine, dataset: Dataset, predict: Predictor, options: { columns: string[]; scale?: number; seed: number; repeats?: number; tolerance?: number },
): Promise<RobustnessResult> {
  const repeats = options.repeats ?? 5;
  if (!Number.isInteger(repeats) || repeats < 1 || repeats > 100) throw new EvaluateError("invalid_argument", `repeats must be an integer from 1 to 100, got ${String(repeats)}`, { argument: "repeats" });
  const base = await predictRows(predict, dataset);
  const runs: RobustnessResult["runs"] = [];
  for (let r = 0; r < repeats; r++) {
    const seed = options.seed + r;
    const variant = await perturbNumeric(engine, dataset, { columns: options.columns, scale: options.scale, seed });
    runs.push({ seed, flips: flipRate(base, await predictRows(predict, variant.dataset), { tolerance: options.tolerance }) });
  }
  const rates = runs.map((r) => r.flips.rate);
  return { scale: options.scale ?? 0.01, runs, meanFlipRate: rates.reduce((a, b) => a + b, 0) / rates.length, maxFlipRate: Math.max(...rates) };
}

async function predictRows(predict: Predictor, dataset: Dataset): Promise<ArrayLike<Label> | NumberArray> {
  const out = await predict(dataset);
  if (!out || typeof (out as ArrayLike<unknown>).length !== "number") throw new EvaluateError("invalid_argument", "the predictor must return one prediction per row (an array)", {});
  if (out.length !== dataset.rowCount) {
    throw new EvaluateError("length_mismatch", `the predictor returned ${out.length} predictions for ${dataset.rowCount} rows`, { predictions: out.length, rows: dataset.rowCount });
  }
  return out;
}

function zeroDelta(metrics: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.keys(metrics).map((m) => [m, 0]));
}
