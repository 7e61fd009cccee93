/**
 * Hyperparameter search: grid or seeded random search over training
 * options, optionally with successive halving (every configuration trains a
 * few epochs, the best 1/eta go on with eta times the epochs, until one is
 * left or the epoch budget is reached). Each configuration is scored on one
 * held-out validation split or by k-fold cross-validation. The search is one
 * tracked parent run; every trial is a run under it. By default the best
 * configuration is trained again on all the data (the refit) and returned.
 */
import { z } from "zod";
import type { JsonValue } from "../data/errors";
import type { ModelKind, NetworkModel } from "../models/model";
import { ensureBackend } from "./backend";
import { crossValidateExamples } from "./cross-validate";
import { isTrainError, TrainError } from "./errors";
import { trainOnExamples, type TrainHooks } from "./fit";
import { selectExamples, type Examples } from "./matrix";
import { metricMode, metricsOf, type MetricName, type Task } from "./metrics";
import { invalidOptions, isClassifier, resolveOptions, type ResolvedOptions } from "./options";
import { createRandom, permutation } from "./random";
import { scoreExamples } from "./score";
import { expandGrid, parseSpace, sampleSpace, type Params } from "./search-space";
import { readSource, type SourceExamples, type TrainSource } from "./source";
import { NO_TRACKER, type TrackedRunId, type TrainingTracker } from "./tracker";

export const searchSettingsSchema = z.object({
  strategy: z.enum(["grid", "random"]),
  /** Random search: how many configurations (default 10). */
  trials: z.int().min(1).max(1000).optional(),
  /** Fixes the random configurations, the validation split and the folds; default: options.seed. */
  seed: z.int().min(0).max(2 ** 31 - 1).optional(),
  /** What ranks the trials (default "loss"). */
  metric: z.enum(["loss", "mse", "mae", "r2", "accuracy"]).optional(),
  /** Score by k-fold cross-validation instead of one validation split. */
  folds: z.int().min(2).max(50).optional(),
  stratified: z.boolean().optional(),
  successiveHalving: z.object({ minEpochs: z.int().min(1), eta: z.int().min(2).max(10).optional() }).strict().optional(),
  /** Train the best configuration on all the data afterwards (default true). */
  refit: z.boolean().optional(),
}).strict();

export type SearchSettings = z.input<typeof searchSettingsSchema>;

export interface SearchRequest {
  kind: ModelKind;
  data: TrainSource;
  /** Explicit validation data for scoring (instead of options.validationSplit or the default 0.2). */
  validation?: TrainSource;
  /** Base training options every trial starts from. */
  options?: unknown;
  /** Hyperparameter space (see search-space.ts). */
  space: unknown;
  settings: unknown;
  hooks?: TrainHooks & { onTrial?: (trial: TrialResult, done: number, total: number) => void };
}

export interface TrialResult {
  /** 1-based index of the configuration. */
  trial: number;
  params: Params;
  /** Successive-halving rung (0 without halving). */
  rung: number;
  epochs: number;
  status: "completed" | "interrupted" | "failed";
  /** The ranking metric on held-out data; null unless completed. */
  score: number | null;
  metrics: { [name: string]: number } | null;
  error: string | null;
  runId: TrackedRunId | null;
}

export interface SearchResult {
  status: "completed" | "interrupted";
  metric: MetricName;
  mode: "min" | "max";
  trials: TrialResult[];
  best: { params: Params; score: number; trial: number } | null;
  /** The best configuration trained on all the data (null when refit is off or the search was interrupted). */
  model: NetworkModel | null;
  runId: TrackedRunId | null;
}

/** Validation share held out for scoring when neither validation data, validationSplit nor folds is given. */
export const DEFAULT_SEARCH_VALIDATION = 0.2;

function taskOfKind(kind: ModelKind): Task {
  return kind === "logisticRegression" ? "binary" : isClassifier(kind) ? "multiclass" : "regression";
}

interface Scorer {
  score(params: Params, options: ResolvedOptions, trial: number, rung: number): Promise<TrialResult>;
}

function createScorer(
  kind: ModelKind, source: SourceExamples, holdout: Examples | null, folds: { folds: number; stratified: boolean } | null,
  metric: MetricName, tracker: TrainingTracker, parent: TrackedRunId, hooks: TrainHooks,
): Scorer {
  return {
    async score(params, options, trial, rung) {
      const base = { trial, params, rung, epochs: options.epochs };
      const runHooks = { ...hooks, tracker, parentRunId: parent, runKind: "trial" as const };
      try {
        if (folds) {
          const cv = await crossValidateExamples(kind, source, options, folds, runHooks);
          const status = cv.status === "completed" ? "completed" : "interrupted";
          return { ...base, status, score: status === "completed" ? cv.mean[metric]! : null, metrics: cv.mean, error: null, runId: cv.runId };
        }
        const result = await trainOnExamples(kind, source, holdout, options, runHooks);
        if (result.status === "interrupted") return { ...base, status: "interrupted", score: null, metrics: null, error: null, runId: result.runId };
        const metrics = await scoreExamples(result.model, holdout!, "validation data");
        return { ...base, status: "completed", score: metrics[metric]!, metrics, error: null, runId: result.runId };
      } catch (error) {
        if (isTrainError(error) && error.code === "interrupted") return { ...base, status: "interrupted", score: null, metrics: null, error: null, runId: null };
        if (!isTrainError(error)) throw error;
        return { ...base, status: "failed", score: null, metrics: null, error: error.message, runId: null };
      }
    },
  };
}

function rank(trials: TrialResult[], mode: "min" | "max"): TrialResult[] {
  return trials.filter((t) => t.status === "completed").sort((a, b) => (mode === "min" ? a.score! - b.score! : b.score! - a.score!) || a.trial - b.trial);
}

/**
 * Runs a hyperparameter search.
 * @example
 * const search = await searchHyperparameters({
 *   kind: "mlpClassifier", data: { dataset, engine }, options: { target: "label", epochs: 27, seed: 1 },
 *   space: { learningRate: [0.01, 0.03], hidden: [[8], [16, 8]] },
 *   settings: { strategy: "grid", metric: "accuracy", successiveHalving: { minEpochs: 3, eta: 3 } },
 * });
 * search.best; // { params: { learningRate: 0.03, hidden: [16, 8] }, score: 0.95, trial: 4 }
 */
export async function searchHyperparameters(request: SearchRequest): Promise<SearchResult> {
  const parsed = searchSettingsSchema.safeParse(request.settings ?? {});
  if (!parsed.success) throw invalidOptions("search settings", parsed.error);
  const settings = parsed.data;
  const space = parseSpace(request.space);
  const rawBase = (request.options ?? {}) as Record<string, unknown>;
  if (typeof rawBase !== "object" || rawBase === null || Array.isArray(rawBase)) throw new TrainError("invalid_argument", "options must be an object");
  const base = resolveOptions(request.kind, rawBase);
  const seed = settings.seed ?? base.seed;
  const task = taskOfKind(request.kind);
  const metric = settings.metric ?? "loss";
  if (!metricsOf(task).includes(metric)) throw new TrainError("invalid_argument", `${request.kind} is scored by ${metricsOf(task).join(", ")}, not ${metric}`);
  if (settings.strategy === "grid" && settings.trials !== undefined) throw new TrainError("invalid_argument", "trials applies to random search; a grid tries every combination");
  if (settings.stratified && settings.folds === undefined) throw new TrainError("invalid_argument", "stratified applies with folds");
  if (settings.folds !== undefined && (request.validation || base.validationSplit !== null)) {
    throw new TrainError("invalid_argument", "score by folds or by validation data, not both: leave out validation/validationSplit when folds is set");
  }
  const configs = settings.strategy === "grid" ? expandGrid(space) : sampleSpace(space, settings.trials ?? 10, createRandom(seed));
  // Every configuration is checked before anything trains, so a bad value fails the search at once.
  const trialOptions = (params: Params, epochs?: number) =>
    resolveOptions(request.kind, { ...rawBase, ...params, seed: (params.seed as number | undefined) ?? base.seed, validationSplit: undefined, ...(epochs ? { epochs } : {}) });
  configs.forEach((params) => trialOptions(params));

  const targetKind = isClassifier(request.kind) ? "label" : "number";
  const source = await readSource(request.data, { target: base.target, features: base.features, targetKind });
  let train = source;
  let holdout: Examples | null = null;
  if (settings.folds === undefined) {
    if (request.validation) {
      holdout = (await readSource(request.validation, { target: base.target, features: source.examples.x.columns, targetKind })).examples;
    } else {
      const n = source.examples.x.rows;
      const held = Math.round(n * (base.validationSplit ?? DEFAULT_SEARCH_VALIDATION));
      if (held < 1 || held >= n) throw new TrainError("invalid_argument", `${n} rows cannot be split into training and validation rows`, { rows: n });
      const order = permutation(n, createRandom(seed));
      holdout = selectExamples(source.examples, order.subarray(0, held));
      train = { ...source, examples: selectExamples(source.examples, order.subarray(held)) };
    }
  }

  const hooks = request.hooks ?? {};
  const tracker = hooks.tracker ?? NO_TRACKER;
  const backend = await ensureBackend();
  const parent = await tracker.startRun({ name: base.name ?? `${request.kind} ${settings.strategy} search`, kind: "search", ...(hooks.parentRunId ? { parentRunId: hooks.parentRunId } : {}) });
  const mode = metricMode(metric);
  const trials: TrialResult[] = [];
  let status: SearchResult["status"] = "completed";
  try {
    await tracker.logParams(parent, {
      kind: request.kind, strategy: settings.strategy, space: space as JsonValue, metric, mode, configurations: configs.length,
      folds: settings.folds ?? null, successiveHalving: (settings.successiveHalving ?? null) as JsonValue, seed, backend: backend.backend, device: backend.device,
    });
    const scorer = createScorer(request.kind, train, holdout, settings.folds ? { folds: settings.folds, stratified: settings.stratified ?? false } : null,
      metric, tracker, parent, { ...(hooks.signal ? { signal: hooks.signal } : {}), ...(hooks.onProgress ? { onProgress: hooks.onProgress } : {}) });
    const halving = settings.successiveHalving;
    const eta = halving?.eta ?? 3;
    let alive = configs.map((params, i) => ({ params, trial: i + 1 }));
    let epochs = halving ? Math.min(halving.minEpochs, base.epochs) : base.epochs;
    const total = halving ? estimateHalvingRuns(configs.length, halving.minEpochs, eta, base.epochs) : configs.length;
    for (let rung = 0; ; rung++) {
      const results: TrialResult[] = [];
      for (const config of alive) {
        if (hooks.signal?.aborted) {
          status = "interrupted";
          break;
        }
        const result = await scorer.score(config.params, trialOptions(config.params, epochs), config.trial, rung);
        trials.push(result);
        results.push(result);
        if (result.score !== null) await tracker.logMetric(parent, `trial_${metric}`, result.score, trials.length);
        hooks.onTrial?.(result, trials.length, total);
        if (result.status === "interrupted") status = "interrupted";
        if (status === "interrupted") break;
      }
      if (status === "interrupted" || !halving || epochs >= base.epochs) break;
      const ranked = rank(results, mode);
      if (ranked.length <= 1) break;
      const keep = new Set(ranked.slice(0, Math.max(1, Math.floor(ranked.length / eta))).map((t) => t.trial));
      alive = alive.filter((c) => keep.has(c.trial));
      epochs = Math.min(epochs * eta, base.epochs);
    }
    const lastRung = Math.max(0, ...trials.filter((t) => t.status === "completed").map((t) => t.rung));
    const [top] = rank(trials.filter((t) => t.rung === lastRung), mode);
    if (!top && status === "completed") {
      throw new TrainError("invalid_argument", `every trial failed; the first error: ${trials.find((t) => t.error)?.error ?? "unknown"}`);
    }
    const best = top ? { params: top.params, score: top.score!, trial: top.trial } : null;
    let model: NetworkModel | null = null;
    if (best && status === "completed" && settings.refit !== false) {
      const refitOptions = resolveOptions(request.kind, { ...rawBase, ...best.params, seed: (best.params.seed as number | undefined) ?? base.seed, name: "refit" });
      const refitValidation = request.validation ? holdout : null;
      model = (await trainOnExamples(request.kind, source, refitValidation, refitOptions, { ...hooks, tracker, parentRunId: parent, runKind: "train" })).model;
    }
    await tracker.endRun(parent, status, {
      bestTrial: best?.trial ?? null, bestScore: best?.score ?? null, bestParams: best?.params ?? null, trials: trials.length, modelId: model?.id ?? null,
    });
    return { status, metric, mode, trials, best, model, runId: hooks.tracker ? parent : null };
  } catch (error) {
    await tracker.endRun(parent, "failed", { error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
}

/**
 * How many trainings successive halving runs for `configs` configurations
 * (for a progress bar's total).
 * @example
 * estimateHalvingRuns(9, 1, 3, 9); // 9 + 3 + 1 = 13
 */
export function estimateHalvingRuns(configs: number, minEpochs: number, eta: number, maxEpochs: number): number {
  let runs = 0;
  let alive = configs;
  let epochs = Math.min(minEpochs, maxEpochs);
  for (;;) {
    runs += alive;
    if (alive <= 1 || epochs >= maxEpochs) return runs;
    alive = Math.max(1, Math.floor(alive / eta));
    epochs = Math.min(epochs * eta, maxEpochs);
  }
}
