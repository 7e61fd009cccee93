/**
 * Cross-validation: train one model per fold on the other folds and score
 * it on the held-out fold. Tracked as one parent run with a child run per
 * fold; the parent gets each fold's metrics (step = fold) and their means.
 */
import type { JsonValue } from "../data/errors";
import type { ModelKind } from "../models/model";
import { isTrainError, TrainError } from "./errors";
import { trainOnExamples, type TrainHooks } from "./fit";
import { kFold, stratifiedKFold, type Fold } from "./folds";
import { selectExamples, type Examples } from "./matrix";
import type { Metrics } from "./metrics";
import { isClassifier, resolveOptions, type ResolvedOptions } from "./options";
import { scoreExamples } from "./score";
import { readSource, type SourceExamples, type TrainSource } from "./source";
import { NO_TRACKER, type TrackedRunId } from "./tracker";

export interface CrossValidationPlan {
  folds: number;
  /** Keep class shares in each fold (classifiers only). */
  stratified?: boolean;
}

export interface FoldResult {
  fold: number;
  metrics: Metrics;
  runId: TrackedRunId | null;
}

export interface CrossValidationResult {
  folds: FoldResult[];
  /** Mean of each metric over the folds. */
  mean: { [name: string]: number };
  /** Population standard deviation of each metric over the folds. */
  std: { [name: string]: number };
  status: "completed" | "interrupted";
}

/**
 * The folds of a plan for these examples (stratified by the target's classes when asked).
 * @example
 * const folds = planFolds("mlpClassifier", examples, { folds: 5, stratified: true }, 42);
 */
export function planFolds(kind: ModelKind, examples: Examples, plan: CrossValidationPlan, seed: number): Fold[] {
  if (plan.stratified && !isClassifier(kind)) throw new TrainError("invalid_argument", `stratified folds need a classifier's labels; ${kind} predicts numbers`);
  return plan.stratified ? stratifiedKFold(examples.y, plan.folds, seed) : kFold(examples.x.rows, plan.folds, seed);
}

/**
 * Aggregates per-fold metrics.
 * @example
 * summarize([{ loss: 1 }, { loss: 3 }]); // { mean: { loss: 2 }, std: { loss: 1 } }
 */
export function summarize(all: readonly Metrics[]): { mean: { [name: string]: number }; std: { [name: string]: number } } {
  const mean: { [name: string]: number } = {};
  const std: { [name: string]: number } = {};
  for (const name of Object.keys(all[0] ?? {})) {
    const values = all.map((m) => (m as { [k: string]: number })[name]!);
    const mu = values.reduce((a, b) => a + b, 0) / values.length;
    mean[name] = mu;
    std[name] = Math.sqrt(values.reduce((a, v) => a + (v - mu) ** 2, 0) / values.length);
  }
  return { mean, std };
}

/**
 * Cross-validates `kind` with `options` on examples already read; `hooks.parentRunId`
 * makes the whole cross-validation a child of a search trial.
 * @example
 * const cv = await crossValidateExamples("linearRegression", source, resolveOptions("linearRegression", { seed: 1 }), { folds: 5 }, { tracker });
 */
export async function crossValidateExamples(
  kind: ModelKind, source: SourceExamples, options: ResolvedOptions, plan: CrossValidationPlan, hooks: TrainHooks,
): Promise<CrossValidationResult & { runId: TrackedRunId | null }> {
  const folds = planFolds(kind, source.examples, plan, options.seed);
  const tracker = hooks.tracker ?? NO_TRACKER;
  const parent = await tracker.startRun({
    name: `${options.name ?? kind} ${plan.folds}-fold`, kind: hooks.runKind === "trial" ? "trial" : "cross_validation",
    ...(hooks.parentRunId ? { parentRunId: hooks.parentRunId } : {}),
  });
  await tracker.logParams(parent, { kind, folds: plan.folds, stratified: plan.stratified ?? false, seed: options.seed });
  const results: FoldResult[] = [];
  let status: CrossValidationResult["status"] = "completed";
  try {
    for (const [i, fold] of folds.entries()) {
      if (hooks.signal?.aborted) {
        status = "interrupted";
        break;
      }
      const train = { ...source, examples: selectExamples(source.examples, fold.train) };
      const result = await trainOnExamples(kind, train, null, { ...options, name: `fold ${i + 1}` }, {
        ...hooks, tracker, parentRunId: parent, runKind: "fold",
      });
      if (result.status === "interrupted") {
        // A fold cut short would skew the means: it is left out.
        status = "interrupted";
        break;
      }
      const metrics = await scoreExamples(result.model, selectExamples(source.examples, fold.test), `fold ${i + 1} held-out rows`);
      for (const [name, value] of Object.entries(metrics)) await tracker.logMetric(parent, `fold_${name}`, value, i + 1);
      results.push({ fold: i + 1, metrics, runId: result.runId });
    }
    const { mean, std } = summarize(results.map((r) => r.metrics));
    const summary: { [name: string]: JsonValue } = { folds: results.length };
    for (const [name, value] of Object.entries(mean)) summary[`mean_${name}`] = value;
    for (const [name, value] of Object.entries(std)) summary[`std_${name}`] = value;
    await tracker.endRun(parent, status, summary);
    return { folds: results, mean, std, status, runId: hooks.tracker ? parent : null };
  } catch (error) {
    await tracker.endRun(parent, isTrainError(error) && error.code === "interrupted" ? "interrupted" : "failed", {
      error: error instanceof Error ? error.message : String(error),
    });
    throw error;
  }
}

export interface CrossValidateRequest extends CrossValidationPlan {
  kind: ModelKind;
  data: TrainSource;
  options?: unknown;
  hooks?: TrainHooks;
}

/**
 * Cross-validates a model kind on a Dataset or arrays.
 * @example
 * const cv = await crossValidate({ kind: "mlpClassifier", data: { dataset, engine }, options: { target: "label", epochs: 10, seed: 1 }, folds: 5, stratified: true });
 * cv.mean.accuracy; // mean held-out accuracy over the 5 folds
 */
export async function crossValidate(request: CrossValidateRequest): Promise<CrossValidationResult & { runId: TrackedRunId | null }> {
  const options = resolveOptions(request.kind, request.options);
  const source = await readSource(request.data, { target: options.target, features: options.features, targetKind: isClassifier(request.kind) ? "label" : "number" });
  return crossValidateExamples(request.kind, source, options, { folds: request.folds, ...(request.stratified !== undefined ? { stratified: request.stratified } : {}) }, request.hooks ?? {});
}
