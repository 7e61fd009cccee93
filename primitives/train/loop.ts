/**
 * The training loop: seeded mini-batches, one optimizer step per batch by a
 * trainer (host-trainer.ts on the wasm and cpu backends, tfjs-trainer.ts on
 * native ones), metrics at each epoch's end, the best checkpoint kept by the
 * monitored loss (validation loss when there is validation data), early
 * stopping, and a clean stop on abort after the current batch. Not
 * `LayersModel.fit`, because fit cannot restore the best weights, reuses one
 * dropout mask for every batch when seeded, and cannot stop mid-epoch.
 */
import type { Network } from "../models/network";
import { TrainError } from "./errors";
import { createHostTrainer } from "./host-trainer";
import type { FeatureMatrix } from "./matrix";
import { primaryMetric, type Metrics, type Task } from "./metrics";
import type { OptimizerName } from "./optimizer";
import { permutation, type Random } from "./random";
import { learningRateAt, type LearningRateSchedule } from "./schedule";
import { createTfjsTrainer } from "./tfjs-trainer";

export interface LoopData {
  x: FeatureMatrix;
  /** Regression: values. Binary: 0/1. Multiclass: class indices. */
  targets: Float32Array | Int32Array;
  /** Per-row loss weights (class weights), or null for all ones. */
  sampleWeights: Float32Array | null;
}

export interface EpochLog {
  /** 1-based. */
  epoch: number;
  learningRate: number;
  /** loss and the task's metric, and val_ twins when there is validation data. */
  metrics: { [name: string]: number };
}

export interface LoopSettings {
  task: Task;
  /** Classes of a multiclass task (outputs of the network). */
  classes: number;
  epochs: number;
  batchSize: number;
  optimizer: OptimizerName;
  learningRate: number;
  schedule: LearningRateSchedule;
  l2: number;
  dropout: number;
  /** Stop after `patience` epochs without the monitored loss improving by more than `minDelta`. */
  earlyStopping: { patience: number; minDelta: number } | null;
  random: Random;
  /**
   * Where steps run: "host" (plain loops and a wasm SIMD product kernel, host-trainer.ts; what the wasm and
   * cpu backends are fastest with) or "tfjs" (tensor ops on the backend, tfjs-trainer.ts: native and GPU backends).
   */
  engine: "host" | "tfjs";
  signal?: AbortSignal;
  onEpoch?: (log: EpochLog) => void | Promise<void>;
  onBatch?: (epoch: number, batch: number, batches: number) => void;
}

/** What the loop drives: one optimizer step per batch, and the model's scores and weights between epochs. */
export interface Trainer {
  /** One step on the training rows order[start..end). */
  step(order: Int32Array, start: number, end: number): void;
  score(data: LoopData): Promise<Metrics>;
  snapshot(): Promise<Network>;
  setLearningRate(rate: number): void;
  dispose(): void;
}

export interface LoopResult {
  /** The weights of the best epoch. */
  network: Network;
  history: EpochLog[];
  bestEpoch: number;
  status: "completed" | "early_stopped" | "interrupted";
}

function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Steps run back to back for at most this long before the loop lets other work (an interrupt, outputs) in. */
const YIELD_EVERY_MS = 15;

/**
 * Trains `initial` on `train`, watching `validation` when given.
 * @example
 * const result = await runTrainingLoop(initNetwork(shape, rng), train, null, settings);
 */
export async function runTrainingLoop(initial: Network, train: LoopData, validation: LoopData | null, settings: LoopSettings): Promise<LoopResult> {
  const trainer = settings.engine === "host" ? createHostTrainer(initial, train, settings) : createTfjsTrainer(initial, train, settings);
  const metric = primaryMetric(settings.task);
  const history: EpochLog[] = [];
  const batches = Math.ceil(train.x.rows / settings.batchSize);
  let best: { network: Network; epoch: number; loss: number } | null = null;
  let sinceBest = 0;
  let status: LoopResult["status"] = "completed";
  let lastYield = performance.now();
  try {
    epochs: for (let epoch = 0; epoch < settings.epochs; epoch++) {
      const learningRate = learningRateAt(settings.schedule, settings.learningRate, epoch, settings.epochs);
      trainer.setLearningRate(learningRate);
      const order = permutation(train.x.rows, settings.random);
      for (let b = 0; b < batches; b++) {
        if (settings.signal?.aborted) {
          status = "interrupted";
          break epochs;
        }
        trainer.step(order, b * settings.batchSize, Math.min(train.x.rows, (b + 1) * settings.batchSize));
        settings.onBatch?.(epoch + 1, b + 1, batches);
        if (performance.now() - lastYield >= YIELD_EVERY_MS) {
          await yieldToEvents();
          lastYield = performance.now();
        }
      }
      const logs: { [name: string]: number } = {};
      const trainScores = await trainer.score(train);
      logs.loss = trainScores.loss;
      logs[metric] = trainScores[metric]!;
      if (validation) {
        const validScores = await trainer.score(validation);
        logs.val_loss = validScores.loss;
        logs[`val_${metric}`] = validScores[metric]!;
      }
      const monitored = validation ? logs.val_loss! : logs.loss;
      if (!Number.isFinite(monitored) || !Number.isFinite(logs.loss)) {
        throw new TrainError("diverged", `the loss became ${logs.loss} at epoch ${epoch + 1}; lower the learning rate (${learningRate}) or scale the features`, { epoch: epoch + 1, learningRate });
      }
      const log = { epoch: epoch + 1, learningRate, metrics: logs };
      history.push(log);
      const minDelta = settings.earlyStopping?.minDelta ?? 0;
      if (best === null || monitored < best.loss - minDelta) {
        best = { network: await trainer.snapshot(), epoch: epoch + 1, loss: monitored };
        sinceBest = 0;
      } else {
        sinceBest++;
      }
      await settings.onEpoch?.(log);
      if (settings.earlyStopping && sinceBest >= settings.earlyStopping.patience) {
        status = "early_stopped";
        break;
      }
      if (settings.signal?.aborted) {
        status = epoch + 1 < settings.epochs ? "interrupted" : "completed";
        break;
      }
    }
  } finally {
    trainer.dispose();
  }
  if (best === null) {
    throw new TrainError("interrupted", "training was interrupted before its first epoch finished; there is no checkpoint to keep", {});
  }
  return { network: best.network, history, bestEpoch: best.epoch, status };
}
