/**
 * The mini-batch trainer on TensorFlow.js ops (for the native and GPU
 * backends, where a kernel dispatch is cheap and large products win): the
 * gradients in closed form (gradients.ts), all weights in one flat variable,
 * batches copied on the host, one tfjs optimizer step per batch.
 */
import * as tf from "@tensorflow/tfjs";
import { predictWithLayers, type LayerTensors } from "../models/forward";
import type { Network } from "../models/network";
import { computeGradients, type Batch } from "./gradients";
import type { LoopData, LoopSettings, Trainer } from "./loop";
import { computeMetrics, type Metrics } from "./metrics";
import { createOptimizer, setLearningRate } from "./optimizer";

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

/**
 * A trainer whose weights live in one tfjs variable on the current backend.
 * @example
 * const trainer = createTfjsTrainer(initNetwork(shape, rng), train, settings);
 */
export function createTfjsTrainer(initial: Network, train: LoopData, settings: LoopSettings): Trainer {
  const variables = toVariables(initial);
  const ones = new Map<number, tf.Tensor2D>();
  const optimizer = createOptimizer(settings.optimizer, settings.learningRate);
  const dropout = settings.dropout > 0 ? { rate: settings.dropout, nextSeed: () => settings.random.seed() } : undefined;
  return {
    step(order, start, end) {
      tf.tidy(() => {
        const batch = gatherBatch(train, order, start, end, ones);
        const grads = computeGradients(layersOf(variables), batch, { task: settings.task, classes: settings.classes, l2: settings.l2, ...(dropout ? { dropout } : {}) });
        optimizer.applyGradients([{ name: variables.theta.name, tensor: tf.concat(grads.map((g) => tf.reshape(g, [-1]))) }]);
      });
    },
    score: (data) => score(settings, variables, data),
    snapshot: () => snapshot(variables),
    setLearningRate: (rate) => setLearningRate(optimizer, rate),
    dispose() {
      variables.theta.dispose();
      tf.dispose([...ones.values()]);
      optimizer.dispose();
    },
  };
}
