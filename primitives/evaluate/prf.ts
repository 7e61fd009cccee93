import { classCounts } from "./confusion";
import { npAverage, pairwiseSum } from "./summation";
import { EvaluateError } from "./errors";
import { requireSamples, type NumberArray } from "./inputs";
import { labelKey, readLabelOption, showLabels, type Label, type LabelArray, type LabelKey } from "./labels";
import { Warnings, type MetricResult } from "./result";
import { readTargets, type Targets } from "./targets";

/** sklearn's `average`: one class ("binary"), global counts ("micro"), mean over classes ("macro"), mean weighted by support ("weighted"), or none (per class). */
export type Average = "binary" | "micro" | "macro" | "weighted" | null;

/** What a ratio with a zero denominator becomes: "warn" (0 and a warning), 0, 1 or NaN (NaN classes are left out of averages). */
export type ZeroDivision = "warn" | number;

export interface PrfOptions {
  /** Classes to score, in this order (averages run over them). Ignored when average is "binary". */
  labels?: LabelArray;
  /** The positive class when average is "binary". Default 1. */
  posLabel?: Label;
  /** Default "binary". */
  average?: Average;
  sampleWeight?: NumberArray;
  /** Default "warn". */
  zeroDivision?: ZeroDivision;
}

/** Per-class values: `value[i]` belongs to `labels[i]`; `support` counts (or weighs) the true samples of each. */
export interface PerClassResult extends MetricResult<number[]> {
  labels: Label[];
  support: number[];
}

/** All of precision, recall and F-beta at once; arrays when average is null. */
export interface PrfResult {
  precision: number | number[];
  recall: number | number[];
  fscore: number | number[];
  /** Per-class support when average is null, else null (as sklearn). */
  support: number[] | null;
  labels: Label[];
  warnings: MetricResult["warnings"];
}

type Which = "precision" | "recall" | "f-score";

/**
 * sklearn's precision_recall_fscore_support: precision, recall, F-beta and
 * support, per class or averaged. F-beta is computed from counts,
 * (1+β²)·tp / ((1+β²)·tp + β²·fn + fp), as current scikit-learn does.
 * @example
 * const r = precisionRecallFscoreSupport([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { average: "macro" });
 * r.precision; // 0.2222… (2/9)
 */
export function precisionRecallFscoreSupport(yTrue: LabelArray, yPred: LabelArray, options: PrfOptions & { beta?: number } = {}): PrfResult {
  return computePrf(yTrue, yPred, options, options.beta ?? 1, ["precision", "recall", "f-score"]);
}

/**
 * Precision, tp / (tp + fp).
 * @example
 * precision([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { average: "micro" }).value; // 0.3333…
 * precision([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { average: null }).value; // [0.666…, 0, 0]
 */
export function precision(yTrue: LabelArray, yPred: LabelArray, options: PrfOptions & { average: null }): PerClassResult;
export function precision(yTrue: LabelArray, yPred: LabelArray, options?: PrfOptions): MetricResult;
export function precision(yTrue: LabelArray, yPred: LabelArray, options: PrfOptions = {}): MetricResult | PerClassResult {
  return pick(computePrf(yTrue, yPred, options, 1, ["precision"]), "precision");
}

/**
 * Recall, tp / (tp + fn).
 * @example
 * recall([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { average: "macro" }).value; // 0.3333…
 */
export function recall(yTrue: LabelArray, yPred: LabelArray, options: PrfOptions & { average: null }): PerClassResult;
export function recall(yTrue: LabelArray, yPred: LabelArray, options?: PrfOptions): MetricResult;
export function recall(yTrue: LabelArray, yPred: LabelArray, options: PrfOptions = {}): MetricResult | PerClassResult {
  return pick(computePrf(yTrue, yPred, options, 1, ["recall"]), "recall");
}

/**
 * F1, the harmonic mean of precision and recall.
 * @example
 * f1([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { average: "macro" }).value; // 0.2666…
 * f1([0, 0], [0, 0], { zeroDivision: 1 }).value; // 1
 */
export function f1(yTrue: LabelArray, yPred: LabelArray, options: PrfOptions & { average: null }): PerClassResult;
export function f1(yTrue: LabelArray, yPred: LabelArray, options?: PrfOptions): MetricResult;
export function f1(yTrue: LabelArray, yPred: LabelArray, options: PrfOptions = {}): MetricResult | PerClassResult {
  return pick(computePrf(yTrue, yPred, options, 1, ["f-score"]), "fscore");
}

/**
 * F-beta: recall weighs beta times as much as precision.
 * @example
 * fbeta([0, 1, 1, 0], [0, 1, 0, 0], { beta: 2 }).value; // 0.5555…
 */
export function fbeta(yTrue: LabelArray, yPred: LabelArray, options: PrfOptions & { beta: number; average: null }): PerClassResult;
export function fbeta(yTrue: LabelArray, yPred: LabelArray, options: PrfOptions & { beta: number }): MetricResult;
export function fbeta(yTrue: LabelArray, yPred: LabelArray, options: PrfOptions & { beta: number }): MetricResult | PerClassResult {
  return pick(computePrf(yTrue, yPred, options, options.beta, ["f-score"]), "fscore");
}

function pick(r: PrfResult, key: "precision" | "recall" | "fscore"): MetricResult | PerClassResult {
  const value = r[key];
  if (Array.isArray(value)) return { value, labels: r.labels, support: r.support ?? [], warnings: r.warnings };
  return { value, warnings: r.warnings };
}

function computePrf(yTrue: LabelArray, yPred: LabelArray, options: PrfOptions, beta: number, warnFor: Which[]): PrfResult {
  if (typeof beta !== "number" || !(beta >= 0)) throw new EvaluateError("invalid_argument", `beta must be a number >= 0, got ${String(beta)}`, { argument: "beta" });
  const zeroDivision = readZeroDivision(options.zeroDivision);
  const average = options.average === undefined ? "binary" : options.average;
  const targets = readTargets(yTrue, yPred, options.sampleWeight);
  requireSamples("y_true", targets.yTrue.keys.length);
  const warnings = new Warnings();
  const labels = chooseLabels(targets, average, options, warnings);
  const counts = classCounts(targets, labels);
  let { tp, predSum, trueSum } = counts;
  if (average === "micro") {
    tp = Float64Array.of(sum(tp));
    predSum = Float64Array.of(sum(predSum));
    trueSum = Float64Array.of(sum(trueSum));
  }
  const ctx = { average, zeroDivision, warnFor, warnings, labels };
  const p = divide(tp, predSum, "precision", ctx);
  const r = divide(tp, trueSum, "recall", ctx);
  let f: Float64Array;
  if (beta === Infinity) f = r;
  else if (beta === 0) f = p;
  else {
    const b2 = beta * beta;
    f = divide(tp.map((x) => (1 + b2) * x), trueSum.map((x, i) => b2 * x + predSum[i]!), "f-score", ctx);
  }
  const shown = showLabels(labels, [targets.yTrue, targets.yPred]);
  if (average === null) {
    return { precision: [...p], recall: [...r], fscore: [...f], support: [...counts.trueSum], labels: shown, warnings: warnings.list() };
  }
  const weights = average === "weighted" ? trueSum : null;
  return { precision: nanAverage(p, weights), recall: nanAverage(r, weights), fscore: nanAverage(f, weights), support: null, labels: shown, warnings: warnings.list() };
}

/** sklearn's _check_set_wise_labels: which classes the counts run over. */
function chooseLabels(targets: Targets, average: Average, options: PrfOptions, warnings: Warnings): LabelKey[] {
  if (average !== null && !["binary", "micro", "macro", "weighted"].includes(average)) {
    throw new EvaluateError("invalid_argument", `average must be "binary", "micro", "macro", "weighted" or null, got ${JSON.stringify(average)}`, { argument: "average" });
  }
  const posLabel = labelKey("pos_label", options.posLabel ?? 1);
  if (average === "binary") {
    if (targets.type !== "binary") {
      throw new EvaluateError("invalid_labels", `the target is multiclass (${targets.present.length} labels) but average is "binary"; choose "micro", "macro", "weighted" or null`, { argument: "average" });
    }
    if (!targets.present.includes(posLabel)) {
      if (targets.present.length >= 2 || (targets.kind !== null && targets.kind !== typeof posLabel)) {
        throw new EvaluateError("invalid_labels", `pos_label=${JSON.stringify(posLabel)} is not a valid label: it should be one of ${JSON.stringify(targets.present)}`, { argument: "pos_label" });
      }
    }
    return [posLabel];
  }
  if (posLabel !== 1) {
    warnings.add("option_ignored", `pos_label (set to ${JSON.stringify(options.posLabel)}) is ignored when average is not "binary" (got ${JSON.stringify(average)}); use labels: [pos_label] to score one class`);
  }
  if (options.labels === undefined || options.labels === null) return targets.present;
  return readLabelOption(options.labels, targets.kind);
}

interface DivideContext {
  average: Average;
  zeroDivision: ZeroDivision;
  warnFor: Which[];
  warnings: Warnings;
  labels: LabelKey[];
}

/** sklearn's _prf_divide: zero denominators take the zero_division value, with a warning only for "warn". */
function divide(num: Float64Array, den: Float64Array, which: Which, ctx: DivideContext): Float64Array {
  const out = new Float64Array(num.length);
  const substitute = ctx.zeroDivision === "warn" ? 0 : ctx.zeroDivision;
  const undefinedAt: number[] = [];
  for (let i = 0; i < num.length; i++) {
    if (den[i] === 0) {
      out[i] = substitute;
      undefinedAt.push(i);
    } else out[i] = num[i]! / den[i]!;
  }
  if (undefinedAt.length > 0 && ctx.zeroDivision === "warn" && ctx.warnFor.includes(which)) {
    const modifier = which === "precision" ? "predicted" : which === "recall" ? "true" : "true nor predicted";
    const Name = which === "f-score" ? "F-score" : which[0]!.toUpperCase() + which.slice(1);
    const where = ctx.average === "micro" || ctx.average === "binary" ? `: there are no ${modifier} samples` : ` in labels with no ${modifier} samples (${undefinedAt.map((i) => JSON.stringify(ctx.labels[i])).join(", ")})`;
    ctx.warnings.add("undefined_metric", `${Name} is ill-defined and being set to 0.0${where}. Use zeroDivision to control this behaviour.`);
  }
  return out;
}

/**
 * sklearn's _nanaverage: the (weighted) mean of the values that are not NaN;
 * NaN when all are; unweighted when the weights left sum to zero.
 * @example
 * nanAverage(Float64Array.of(1, NaN, 0), null); // 0.5
 */
export function nanAverage(values: Float64Array, weights: Float64Array | null): number {
  const keep: number[] = [];
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) keep.push(i);
  if (keep.length === 0) return NaN;
  const kept = Float64Array.from(keep, (i) => values[i]!);
  if (!weights) return npAverage(kept);
  const w = Float64Array.from(keep, (i) => weights[i]!);
  return pairwiseSum(w) === 0 ? npAverage(kept) : npAverage(kept, w);
}

function sum(values: Float64Array): number {
  return pairwiseSum(values);
}

/**
 * Checks a zero_division option ("warn", 0, 1 or NaN).
 * @example
 * readZeroDivision(undefined); // "warn"
 */
export function readZeroDivision(value: unknown): ZeroDivision {
  if (value === undefined || value === "warn") return "warn";
  if (value === 0 || value === 1 || (typeof value === "number" && Number.isNaN(value))) return value;
  throw new EvaluateError("invalid_argument", `zeroDivision must be "warn", 0, 1 or NaN, got ${typeof value === "string" ? JSON.stringify(value) : String(value)}`, { argument: "zero_division" });
}
