/**
 * The training loop: seeded mini-batches, one optimizer step per batch
 * (gradients in closed form, gradients.ts),
 * metrics at each epoch's end, the best checkpoint kept by the monitored loss
 * (validation loss when there is validation data), early stopping, and a
 * clean stop on abort after the current batch. Written on tfjs-core rather
 * than `LayersModel.fit` because fit cannot restore the best weights, reuses
 * one dropout mask for every batch when seeded, and cannot stop mid-epoch.
 */
import * as tf from "@tensorflow/tfjs";
import { predictWithLayers, type LayerTensors } from "../models/forward";
import type { Network } from "../models/network";
import { TrainError } from "./errors";
import { computeGradients, type Batch } from "./gradients";
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

/**
 * All weights in one flat variable (each layer's kernel, then its bias): the
 * optimizer updates one tensor per step instead of two per layer, a dozen
 * kernel dispatches instead of a dozen per weight tensor.
 */
interface Variables {
  theta: tf.Variable<tf.Rank.R1>;
  network: Network;
}

function toVariables(network: Network): Variables {
  const flat = new Float32Array(network.layers.reduce((n, l) => n + l.kernel.length + l.bias.length, 0));
  let offset = 0;
  for (const layer of network.layers) {
    flat.set(layer.kernel, offset);
    flat.set(layer.bias, offset + layer.kernel.length);
    offset += layer.kernel.length + layer.bias.length;
  }
  // tidy disposes the initial tensor and keeps the variable.
  return { theta: tf.tidy(() => tf.variable(tf.tensor1d(flat))), network };
}

/** The layers as views (slices) of the flat variable; call inside tf.tidy. */
function layersOf(variables: Variables): LayerTensors[] {
  let offset = 0;
  return variables.network.layers.map((layer) => {
    const kernel = tf.reshape(tf.slice(variables.theta, offset, layer.kernel.length), [layer.inputs, layer.units]) as tf.Tensor2D;
    const bias = tf.slice(variables.theta, offset + layer.kernel.length, layer.bias.length);
    offset += layer.kernel.length + layer.bias.length;
    return { kernel, bias, activation: layer.activation };
  });
}

async function snapshot(variables: Variables): Promise<Network> {
  const flat = await variables.theta.data<"float32">();
  let offset = 0;
  return {
    layers: variables.network.layers.map((layer) => {
      const kernel = flat.slice(offset, offset + layer.kernel.length);
      const bias = flat.slice(offset + layer.kernel.length, offset + layer.kernel.length + layer.bias.length);
      offset += layer.kernel.length + layer.bias.length;
      return { ...layer, kernel, bias };
    }),
  };
}

/**
 * A batch's rows copied on the host (a row is a contiguous slice: one copy
 * each) and uploaded; gathering on the backend from a resident copy by an
 * index tensor was slower on wasm. Call inside tf.tidy. `ones` keeps the row
 * of ones per batch size that bias gradients use.
 */
function gatherBatch(data: LoopData, order: Int32Array, start: number, end: number, ones: Map<number, tf.Tensor2D>): Batch {
  const cols = data.x.cols;
  const rows = end - start;
  const x = new Float32Array(rows * cols);
  const y = new Float32Array(rows);
  const w = data.sampleWeights ? new Float32Array(rows) : null;
  for (let i = 0; i < rows; i++) {
    const row = order[start + i]!;
    x.set(data.x.values.subarray(row * cols, row * cols + cols), i * cols);
    y[i] = data.targets[row]!;
    if (w) w[i] = data.sampleWeights![row]!;
  }
  let one = ones.get(rows);
  if (!one) {
    one = tf.keep(tf.ones([1, rows]) as tf.Tensor2D);
    ones.set(rows, one);
  }
  const xs = tf.tensor2d(x, [rows, cols]);
  return { x: xs, xt: tf.transpose(xs) as tf.Tensor2D, y: tf.tensor1d(y), weights: w ? tf.tensor1d(w) : null, ones: one };
}

async function score(settings: LoopSettings, variables: Variables, data: LoopData): Promise<Metrics> {
  // The views outlive one tidy here (prediction awaits), so they are kept as plain tensors and disposed after.
  const tensors = tf.tidy(() => layersOf(variables).flatMap((l) => [l.kernel, l.bias]));
  const layers = variables.network.layers.map((layer, i) => ({ kernel: tensors[2 * i] as tf.Tensor2D, bias: tensors[2 * i + 1] as tf.Tensor1D, activation: layer.activation }));
  try {
    const outputs = await predictWithLayers(layers, data.x);
    return computeMetrics(settings.task, outputs, data.targets, settings.classes);
  } finally {
    tf.dispose(tensors);
  }
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
  const variables = toVariables(initial);
  const ones = new Map<number, tf.Tensor2D>();
  const optimizer = createOptimizer(settings.optimizer, settings.learningRate);
  const metric = primaryMetric(settings.task);
  const history: EpochLog[] = [];
  const batches = Math.ceil(train.x.rows / settings.batchSize);
  const dropout = settings.dropout > 0 ? { rate: settings.dropout, nextSeed: () => settings.random.seed() } : undefined;
  let best: { network: Network; epoch: number; loss: number } | null = null;
  let sinceBest = 0;
  let status: LoopResult["status"] = "completed";
  let lastYield = performance.now();
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
        tf.tidy(() => {
          const batch = gatherBatch(train, order, b * settings.batchSize, Math.min(train.x.rows, (b + 1) * settings.batchSize), ones);
          const grads = computeGradients(layersOf(variables), batch, { task: settings.task, classes: settings.classes, l2: settings.l2, ...(dropout ? { dropout } : {}) });
          optimizer.applyGradients([{ name: variables.theta.name, tensor: tf.concat(grads.map((g) => tf.reshape(g, [-1]))) }]);
        });
        settings.onBatch?.(epoch + 1, b + 1, batches);
        if (performance.now() - lastYield >= YIELD_EVERY_MS) {
          await yieldToEvents();
          lastYield = performance.now();
        }
      }
      const logs: { [name: string]: number } = {};
      const trainScores = await score(settings, variables, train);
      logs.loss = trainScores.loss;
      logs[metric] = trainScores[metric]!;
      if (validation) {
        const validScores = await score(settings, variables, validation);
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
        best = { network: await snapshot(variables), epoch: epoch + 1, loss: monitored };
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
    variables.theta.dispose();
    tf.dispose([...ones.values()]);
    optimizer.dispose();
  }
  if (best === null) {
    throw new TrainError("interrupted", "training was interrupted before its first epoch finished; there is no checkpoint to keep", {});
  }
  return { network: best.network, history, bestEpoch: best.epoch, status };
}
