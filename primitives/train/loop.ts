/**
 * The training loop: seeded mini-batches, one optimizer step per batch,
 * metrics at each epoch's end, the best checkpoint kept by the monitored loss
 * (validation loss when there is validation data), early stopping, and a
 * clean stop on abort after the current batch. Written on tfjs-core rather
 * than `LayersModel.fit` because fit cannot restore the best weights, reuses
 * one dropout mask for every batch when seeded, and cannot stop mid-epoch.
 */
import * as tf from "@tensorflow/tfjs";
import { computeLogits, predictWithLayers, type LayerTensors } from "../models/forward";
import type { Network } from "../models/network";
import { TrainError } from "./errors";
import type { FeatureMatrix } from "./matrix";
import { computeMetrics, primaryMetric, type Metrics, type Task } from "./metrics";
import { createOptimizer, setLearningRate, type OptimizerName } from "./optimizer";
import { permutation, type Random } from "./random";
import { learningRateAt, type LearningRateSchedule } from "./schedule";

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
  signal?: AbortSignal;
  onEpoch?: (log: EpochLog) => void | Promise<void>;
  onBatch?: (epoch: number, batch: number, batches: number) => void;
}

export interface LoopResult {
  /** The weights of the best epoch. */
  network: Network;
  history: EpochLog[];
  bestEpoch: number;
  status: "completed" | "early_stopped" | "interrupted";
}

interface Variables {
  layers: LayerTensors[];
  list: tf.Variable[];
}

function toVariables(network: Network): Variables {
  // tidy disposes the initial tensors and keeps the variables.
  const layers = network.layers.map((l) => ({
    kernel: tf.tidy(() => tf.variable(tf.tensor2d(l.kernel, [l.inputs, l.units]))),
    bias: tf.tidy(() => tf.variable(tf.tensor1d(l.bias))),
    activation: l.activation,
  }));
  return { layers, list: layers.flatMap((l) => [l.kernel, l.bias]) };
}

async function snapshot(network: Network, variables: Variables): Promise<Network> {
  const layers = await Promise.all(network.layers.map(async (layer, i) => ({
    ...layer,
    kernel: (await variables.layers[i]!.kernel.data<"float32">()).slice(),
    bias: (await variables.layers[i]!.bias.data<"float32">()).slice(),
  })));
  return { layers };
}

/** The per-row loss of a batch, shape [rows]. */
function perRowLoss(task: Task, classes: number, logits: tf.Tensor2D, targets: tf.Tensor): tf.Tensor1D {
  const rows = logits.shape[0];
  if (task === "regression") return tf.reshape(tf.square(tf.sub(logits, tf.reshape(targets, [rows, 1]))), [rows]);
  if (task === "binary") {
    return tf.reshape(tf.losses.sigmoidCrossEntropy(tf.reshape(targets, [rows, 1]), logits, undefined, 0, tf.Reduction.NONE), [rows]);
  }
  const oneHot = tf.oneHot(tf.cast(targets, "int32") as tf.Tensor1D, classes);
  return tf.losses.softmaxCrossEntropy(oneHot, logits, undefined, 0, tf.Reduction.NONE) as tf.Tensor1D;
}

function gatherBatch(data: LoopData, order: Int32Array, start: number, end: number) {
  const cols = data.x.cols;
  const x = new Float32Array((end - start) * cols);
  const y = new Float32Array(end - start);
  const w = data.sampleWeights ? new Float32Array(end - start) : null;
  for (let i = start; i < end; i++) {
    const row = order[i]!;
    x.set(data.x.values.subarray(row * cols, row * cols + cols), (i - start) * cols);
    y[i - start] = data.targets[row]!;
    if (w) w[i - start] = data.sampleWeights![row]!;
  }
  return { x, y, w, rows: end - start };
}

async function score(settings: LoopSettings, layers: LayerTensors[], data: LoopData): Promise<Metrics> {
  const outputs = await predictWithLayers(layers, data.x);
  return computeMetrics(settings.task, outputs, data.targets, settings.classes);
}

function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Trains `initial` on `train`, watching `validation` when given.
 * @example
 * const result = await runTrainingLoop(initNetwork(shape, rng), train, null, settings);
 */
export async function runTrainingLoop(initial: Network, train: LoopData, validation: LoopData | null, settings: LoopSettings): Promise<LoopResult> {
  const variables = toVariables(initial);
  const optimizer = createOptimizer(settings.optimizer, settings.learningRate);
  const metric = primaryMetric(settings.task);
  const history: EpochLog[] = [];
  const batches = Math.ceil(train.x.rows / settings.batchSize);
  const dropout = settings.dropout > 0 ? { rate: settings.dropout, nextSeed: () => settings.random.seed() } : undefined;
  let best: { network: Network; epoch: number; loss: number } | null = null;
  let sinceBest = 0;
  let status: LoopResult["status"] = "completed";
  try {
    epochs: for (let epoch = 0; epoch < settings.epochs; epoch++) {
      const learningRate = learningRateAt(settings.schedule, settings.learningRate, epoch, settings.epochs);
      setLearningRate(optimizer, learningRate);
      const order = permutation(train.x.rows, settings.random);
      for (let b = 0; b < batches; b++) {
        if (settings.signal?.aborted) {
          status = "interrupted";
          break epochs;
        }
        const batch = gatherBatch(train, order, b * settings.batchSize, Math.min(train.x.rows, (b + 1) * settings.batchSize));
        tf.tidy(() => {
          const x = tf.tensor2d(batch.x, [batch.rows, train.x.cols]);
          const y = tf.tensor1d(batch.y);
          const w = batch.w ? tf.tensor1d(batch.w) : null;
          optimizer.minimize(() => {
            const losses = perRowLoss(settings.task, settings.classes, computeLogits(variables.layers, x, dropout), y);
            let loss: tf.Scalar = w ? tf.div(tf.sum(tf.mul(losses, w)), batch.rows) : tf.mean(losses);
            if (settings.l2 > 0) {
              for (const layer of variables.layers) loss = tf.add(loss, tf.mul(settings.l2, tf.sum(tf.square(layer.kernel))));
            }
            return loss;
          }, false, variables.list);
        });
        settings.onBatch?.(epoch + 1, b + 1, batches);
        await yieldToEvents();
      }
      const logs: { [name: string]: number } = {};
      const trainScores = await score(settings, variables.layers, train);
      logs.loss = trainScores.loss;
      logs[metric] = trainScores[metric]!;
      if (validation) {
        const validScores = await score(settings, variables.layers, validation);
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
        best = { network: await snapshot(initial, variables), epoch: epoch + 1, loss: monitored };
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
    tf.dispose(variables.list);
    optimizer.dispose();
  }
  if (best === null) {
    throw new TrainError("interrupted", "training was interrupted before its first epoch finished; there is no checkpoint to keep", {});
  }
  return { network: best.network, history, bestEpoch: best.epoch, status };
}
