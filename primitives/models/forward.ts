/**
 * A network's forward pass on TensorFlow.js: logits for training (dropout
 * optional, with one seed per layer per step so masks repeat under a seed) and
 * batched predictions for plain arrays.
 */
import * as tf from "@tensorflow/tfjs";
import { ensureBackend } from "../train/backend";
import type { FeatureMatrix } from "../train/matrix";
import type { Activation, Network } from "./network";

export interface LayerTensors {
  kernel: tf.Tensor2D;
  bias: tf.Tensor1D;
  activation: Activation;
}

export interface DropoutPlan {
  rate: number;
  /** A fresh seed for each dropout mask. */
  nextSeed(): number;
}

/** Rows predicted per tfjs call: large, since each call has a fixed cost, and bounded, so memory stays flat. */
export const PREDICT_BATCH_ROWS = 8192;

/**
 * `x` through an activation.
 * @example
 * activate(tf.tensor2d([[-1, 2]]), "relu"); // [[0, 2]]
 */
export function activate(x: tf.Tensor2D, activation: Activation): tf.Tensor2D {
  switch (activation) {
    case "linear":
      return x;
    case "relu":
      return tf.relu(x);
    case "tanh":
      return tf.tanh(x);
    case "sigmoid":
      return tf.sigmoid(x);
    case "softmax":
      return tf.softmax(x);
  }
}

/**
 * The last layer's pre-activation output (logits): hidden layers apply their
 * activation, then dropout when planned; the output activation is left to
 * the loss (numerically stable cross-entropies) or to `activate`.
 * @example
 * const logits = computeLogits(layers, xBatch, { rate: 0.2, nextSeed: () => rng.seed() });
 */
export function computeLogits(layers: readonly LayerTensors[], x: tf.Tensor2D, dropout?: DropoutPlan): tf.Tensor2D {
  let h = x;
  layers.forEach((layer, i) => {
    h = tf.add(tf.matMul(h, layer.kernel), layer.bias);
    if (i < layers.length - 1) {
      h = activate(h, layer.activation);
      if (dropout && dropout.rate > 0) h = tf.dropout(h, dropout.rate, undefined, dropout.nextSeed()) as tf.Tensor2D;
    }
  });
  return h;
}

/**
 * Tensors of a network's weights (the caller disposes them).
 * @example
 * const layers = networkTensors(model.network); // ... tf.dispose(layers.flatMap((l) => [l.kernel, l.bias]))
 */
export function networkTensors(network: Network): LayerTensors[] {
  return network.layers.map((layer) => ({
    kernel: tf.tensor2d(layer.kernel, [layer.inputs, layer.units]),
    bias: tf.tensor1d(layer.bias),
    activation: layer.activation,
  }));
}

/**
 * Outputs (after the output activation) of layers held as tensors, for every
 * row of `x`, rows x outputs, row-major; batched so memory stays flat.
 * @example
 * const outputs = await predictWithLayers(layers, validation.x);
 */
export async function predictWithLayers(layers: readonly LayerTensors[], x: FeatureMatrix): Promise<Float32Array> {
  const first = layers[0]!.kernel.shape[0];
  if (x.cols !== first) throw new Error(`the network takes ${first} features, the input has ${x.cols}`);
  const last = layers[layers.length - 1]!;
  const outputs = last.kernel.shape[1];
  const result = new Float32Array(x.rows * outputs);
  for (let start = 0; start < x.rows; start += PREDICT_BATCH_ROWS) {
    const end = Math.min(x.rows, start + PREDICT_BATCH_ROWS);
    const batch = tf.tidy(() => {
      const input = tf.tensor2d(x.values.subarray(start * x.cols, end * x.cols), [end - start, x.cols]);
      return activate(computeLogits(layers, input), last.activation);
    });
    try {
      result.set(await batch.data<"float32">(), start * outputs);
    } finally {
      batch.dispose();
    }
  }
  return result;
}

/**
 * The network's outputs for every row (after the output activation), rows x
 * outputs, row-major.
 * @example
 * const probabilities = await predictNetwork(net, x); // Float32Array(rows * classes)
 */
export async function predictNetwork(network: Network, x: FeatureMatrix): Promise<Float32Array> {
  await ensureBackend();
  const layers = networkTensors(network);
  try {
    return await predictWithLayers(layers, x);
  } finally {
    tf.dispose(layers.flatMap((l) => [l.kernel, l.bias]));
  }
}
