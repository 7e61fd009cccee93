/**
 * Training a model: linear and logistic regression, softmax classifier, MLP
 * classifier and regressor, all one feed-forward network trained by one loop.
 * A run is reproducible on the same backend from its seed (initial weights,
 * the validation split, every epoch's shuffle and every dropout mask come
 * from it), and tracked through the TrainingTracker hooks.
 */
import type { JsonValue } from "../data/errors";
import { createNetworkModel, type ModelKind, type NetworkModel, type TrainingRecord } from "../models/model";
import { initNetwork } from "../models/network";
import { ensureBackend, type BackendInfo } from "./backend";
import { isTrainError, TrainError } from "./errors";
import { encodeLabels, findClasses, resolveClassWeights, type ClassLabel } from "./labels";
import { runFullBatch } from "./full-batch";
import { runTrainingLoop, type EpochLog, type LoopData, type LoopSettings } from "./loop";
import { selectExamples, type Examples } from "./matrix";
import type { Task } from "./metrics";
import { DEFAULTS, isClassifier, optionsToJson, resolveOptions, type ResolvedOptions } from "./options";
import { createRandom, permutation, type Random } from "./random";
import { readSource, type SourceExamples, type TrainSource } from "./source";
import { NO_TRACKER, type TrackedRunId, type TrackedRunKind, type TrainingTracker } from "./tracker";

export interface TrainHooks {
  /** After each epoch, with its metrics (loss, accuracy or mae, val_ twins, learning_rate). */
  onProgress?: (epoch: number, logs: { [name: string]: number }) => void | Promise<void>;
  /** After each batch (progress bars). */
  onBatch?: (epoch: number, batch: number, batches: number) => void;
  /** Aborting stops after the current batch and keeps the best checkpoint so far. */
  signal?: AbortSignal;
  tracker?: TrainingTracker;
  parentRunId?: TrackedRunId;
  runKind?: TrackedRunKind;
  /**
   * Called with the kept model before its run ends (to save a checkpoint, say);
   * what it returns is added to the run's end summary.
   */
  beforeEnd?: (model: NetworkModel, status: TrainResult["status"]) => Promise<{ [name: string]: JsonValue }>;
}

export interface TrainRequest {
  kind: ModelKind;
  data: TrainSource;
  /** Explicit validation data (instead of options.validationSplit). */
  validation?: TrainSource;
  /** Plain options as a cell gives them; checked by resolveOptions. */
  options?: unknown;
  hooks?: TrainHooks;
}

export interface TrainResult {
  model: NetworkModel;
  history: EpochLog[];
  bestEpoch: number;
  status: "completed" | "early_stopped" | "interrupted";
  runId: TrackedRunId | null;
  backend: BackendInfo;
  seed: number;
}

/**
 * Trains a model of `kind` on a Dataset or arrays.
 * @example
 * const { model, history } = await trainModel({
 *   kind: "mlpClassifier",
 *   data: { dataset: irisTrain, engine },
 *   options: { target: "species", hidden: [16], epochs: 30, validationSplit: 0.2, earlyStopping: true, seed: 7 },
 * });
 */
export async function trainModel(request: TrainRequest): Promise<TrainResult> {
  const options = resolveOptions(request.kind, request.options);
  const targetKind = isClassifier(request.kind) ? "label" : "number";
  const train = await readSource(request.data, { target: options.target, features: options.features, targetKind });
  let validation: Examples | null = null;
  if (request.validation) {
    if (options.validationSplit !== null) throw new TrainError("invalid_argument", "give either validation data or options.validationSplit, not both");
    const read = await readSource(request.validation, { target: options.target, features: train.examples.x.columns, targetKind });
    validation = read.examples;
  }
  return trainOnExamples(request.kind, train, validation, options, request.hooks ?? {});
}

/** The wasm and cpu backends pay per kernel dispatch: their mini-batch steps run on the host (loop.ts). */
function hostEngine(backend: BackendInfo): LoopSettings["engine"] {
  return backend.backend === "wasm" || backend.backend === "cpu" ? "host" : "tfjs";
}

interface Targets {
  task: Task;
  classes: ClassLabel[] | null;
  train: LoopData;
  validation: LoopData | null;
}

function taskOf(kind: ModelKind): Task {
  if (kind === "logisticRegression") return "binary";
  return isClassifier(kind) ? "multiclass" : "regression";
}

function encodeTargets(kind: ModelKind, train: Examples, validation: Examples | null, options: ResolvedOptions): Targets {
  const task = taskOf(kind);
  if (task === "regression") {
    const toLoop = (e: Examples): LoopData => ({ x: e.x, targets: Float32Array.from(e.y as number[]), sampleWeights: null });
    return { task, classes: null, train: toLoop(train), validation: validation ? toLoop(validation) : null };
  }
  const classes = findClasses(train.y);
  if (kind === "logisticRegression" && classes.length > 2) {
    throw new TrainError("invalid_argument", `logistic regression is binary, and the target has ${classes.length} classes; use softmaxClassifier or mlpClassifier`, { classes: classes.map(String) });
  }
  const codes = encodeLabels(train.y, classes, "training data");
  const classWeights = resolveClassWeights(options.classWeights ?? undefined, classes, codes);
  const sampleWeights = options.classWeights === null ? null : Float32Array.from(codes, (code) => classWeights[code]!);
  const toTargets = (c: Int32Array) => (task === "binary" ? Float32Array.from(c) : c);
  return {
    task,
    classes,
    train: { x: train.x, targets: toTargets(codes), sampleWeights },
    validation: validation ? { x: validation.x, targets: toTargets(encodeLabels(validation.y, classes, "validation data")), sampleWeights: null } : null,
  };
}

function splitValidation(examples: Examples, fraction: number, random: Random): { train: Examples; validation: Examples } {
  const n = examples.x.rows;
  const held = Math.round(n * fraction);
  if (held < 1 || held >= n) {
    throw new TrainError("invalid_argument", `validationSplit ${fraction} of ${n} rows leaves ${held} for validation and ${n - held} for training; both need at least one`, { rows: n });
  }
  const order = permutation(n, random);
  return { train: selectExamples(examples, order.subarray(held)), validation: selectExamples(examples, order.subarray(0, held)) };
}

function classesJson(classes: ClassLabel[] | null): JsonValue {
  return classes ? classes.map((c) => c) : null;
}

/**
 * Trains on examples already read (searches and cross-validation read once
 * and train many times). `validation` overrides options.validationSplit.
 * @example
 * const result = await trainOnExamples("linearRegression", source, null, resolveOptions("linearRegression", { seed: 1 }), {});
 */
export async function trainOnExamples(
  kind: ModelKind, source: SourceExamples, validation: Examples | null, options: ResolvedOptions, hooks: TrainHooks,
): Promise<TrainResult> {
  const backend = await ensureBackend();
  const tracker = hooks.tracker ?? NO_TRACKER;
  const runId = await tracker.startRun({ name: options.name ?? kind, kind: hooks.runKind ?? "train", ...(hooks.parentRunId ? { parentRunId: hooks.parentRunId } : {}) });
  try {
    const random = createRandom(options.seed);
    let train = source.examples;
    if (!validation && options.validationSplit !== null) ({ train, validation } = splitValidation(train, options.validationSplit, random));
    const targets = encodeTargets(kind, train, validation, options);
    const outputs = targets.task === "multiclass" ? targets.classes!.length : 1;
    await tracker.logParams(runId, {
      kind, ...optionsToJson(options), backend: backend.backend, device: backend.device,
      rows: train.x.rows, validationRows: validation?.x.rows ?? 0, features: [...train.x.columns], classes: classesJson(targets.classes),
    });
    const network = initNetwork({
      inputs: train.x.cols, hidden: options.hidden, hiddenActivation: options.activation,
      outputs, outputActivation: targets.task === "regression" ? "linear" : targets.task === "binary" ? "sigmoid" : "softmax",
    }, random);
    const settings: LoopSettings = {
      task: targets.task, classes: outputs, epochs: options.epochs, batchSize: options.batchSize, optimizer: options.optimizer,
      learningRate: options.learningRate, schedule: options.schedule, l2: options.l2, dropout: options.dropout,
      earlyStopping: options.earlyStopping, random, engine: hostEngine(backend),
      ...(hooks.signal ? { signal: hooks.signal } : {}),
      ...(hooks.onBatch ? { onBatch: hooks.onBatch } : {}),
      onEpoch: async (log) => {
        for (const [name, value] of Object.entries(log.metrics)) await tracker.logMetric(runId, name, value, log.epoch);
        await tracker.logMetric(runId, "learning_rate", log.learningRate, log.epoch);
        await hooks.onProgress?.(log.epoch, { ...log.metrics, learning_rate: log.learningRate });
      },
    };
    const loop = options.solver === "lbfgs"
      ? await runFullBatch(network, targets.train, targets.validation, { ...settings, tol: options.tol ?? DEFAULTS.tol })
      : await runTrainingLoop(network, targets.train, targets.validation, settings);
    const metrics = loop.history[loop.bestEpoch - 1]!.metrics;
    const training: TrainingRecord = {
      backend: backend.backend, device: backend.device, seed: options.seed, options: optionsToJson(options),
      epochs: loop.history.length, bestEpoch: loop.bestEpoch, status: loop.status, metrics: { ...metrics },
      rows: train.x.rows, runId: hooks.tracker ? runId : null,
    };
    const model = createNetworkModel({
      kind, task: targets.task, network: loop.network, features: [...train.x.columns], target: source.target,
      classes: targets.classes, featureSet: source.featureSet, training,
    });
    const extra = hooks.beforeEnd ? await hooks.beforeEnd(model, loop.status) : {};
    await tracker.endRun(runId, loop.status === "interrupted" ? "interrupted" : "completed", {
      modelId: model.id, bestEpoch: loop.bestEpoch, epochs: loop.history.length, earlyStopped: loop.status === "early_stopped", ...metrics, ...extra,
    });
    return { model, history: loop.history, bestEpoch: loop.bestEpoch, status: loop.status, runId: hooks.tracker ? runId : null, backend, seed: options.seed };
  } catch (error) {
    const interrupted = isTrainError(error) && error.code === "interrupted";
    await tracker.endRun(runId, interrupted ? "interrupted" : "failed", {
      error: error instanceof Error ? error.message : String(error),
      ...(isTrainError(error) ? { code: error.code } : {}),
    });
    throw error;
  }
}
