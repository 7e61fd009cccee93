/**
 * One mini-batch's loss gradients of a dense network, written out by hand
 * (backpropagation through dense layers, relu/tanh/sigmoid, dropout and the
 * three losses) instead of taped by `optimizer.minimize`: the tape records
 * every op of the forward pass and replays a generic gradient for each, about
 * four times the kernel dispatches of the closed forms, and on the wasm
 * backend a step of a small network costs its dispatches, not its arithmetic.
 * The loss is the one the loop minimizes: the mean of the (class-weighted)
 * per-row losses plus l2 * sum(kernel^2).
 *
 * Products are arranged for the wasm backend, where a matMul with a
 * transposed operand, and a sum over rows, cost several times the same
 * product on an explicitly transposed (small) operand or by a row of ones.
 */
import * as tf from "@tensorflow/tfjs";
import type { DropoutPlan, LayerTensors } from "../models/forward";
import { activate } from "../models/forward";
import type { Task } from "./metrics";

export interface Batch {
  /** rows x inputs. */
  x: tf.Tensor2D;
  /** inputs x rows, when the caller has it (built with the batch on the host); else transposed here. */
  xt?: tf.Tensor2D;
  /** Regression: values; binary: 0/1; multiclass: class indices (float). */
  y: tf.Tensor1D;
  /** Per-row loss weights, or null. */
  weights: tf.Tensor1D | null;
  /** 1 x rows of ones, when the caller keeps one; else made here. */
  ones?: tf.Tensor2D;
}

/** The derivative of an activation, from its output `h`. */
function activationSlope(h: tf.Tensor2D, activation: LayerTensors["activation"]): tf.Tensor2D {
  switch (activation) {
    case "relu":
      return tf.step(h);
    case "tanh":
      return tf.sub(1, tf.square(h));
    case "sigmoid":
      return tf.mul(h, tf.sub(1, h));
    case "linear":
    case "softmax":
      throw new Error(`${activation} is an output activation, not a hidden one`);
  }
}

/** d(mean loss) / d(logits), rows x outputs. */
function outputDelta(task: Task, classes: number, logits: tf.Tensor2D, batch: Batch): tf.Tensor2D {
  const rows = logits.shape[0];
  let delta: tf.Tensor2D;
  if (task === "regression") delta = tf.mul(tf.sub(logits, tf.reshape(batch.y, [rows, 1])), 2);
  else if (task === "binary") delta = tf.sub(tf.sigmoid(logits), tf.reshape(batch.y, [rows, 1]));
  else delta = tf.sub(tf.softmax(logits), tf.oneHot(tf.cast(batch.y, "int32"), classes));
  const scaled = batch.weights ? tf.mul(delta, tf.reshape(batch.weights, [rows, 1])) : delta;
  return tf.div(scaled, rows);
}

/** input^T delta, the kernel's gradient, transposing whichever of the two operands is narrower. */
function kernelGradient(input: tf.Tensor2D, inputT: tf.Tensor2D | null, delta: tf.Tensor2D): tf.Tensor2D {
  if (inputT) return tf.matMul(inputT, delta);
  return input.shape[1] <= delta.shape[1] ? tf.matMul(tf.transpose(input), delta) : tf.transpose(tf.matMul(tf.transpose(delta), input)) as tf.Tensor2D;
}

/**
 * The gradients of each layer's kernel and bias, in the order of `layers`
 * (kernel, bias, kernel, bias, ...). Call inside `tf.tidy`.
 * @example
 * const grads = tf.tidy(() => computeGradients(layers, batch, { task: "multiclass", classes: 3, l2: 0 }));
 */
export function computeGradients(
  layers: readonly LayerTensors[], batch: Batch, settings: { task: Task; classes: number; l2: number; dropout?: DropoutPlan },
): tf.Tensor[] {
  // Forward, keeping each layer's input and (for hidden layers) its activation output and dropout scale.
  const inputs: tf.Tensor2D[] = [];
  const hidden: Array<{ output: tf.Tensor2D; keep: tf.Tensor2D | null }> = [];
  let h = batch.x;
  layers.forEach((layer, i) => {
    inputs.push(h);
    const z = tf.add(tf.matMul(h, layer.kernel), layer.bias) as tf.Tensor2D;
    if (i === layers.length - 1) {
      h = z;
      return;
    }
    const output = activate(z, layer.activation);
    const dropout = settings.dropout && settings.dropout.rate > 0 ? settings.dropout : null;
    // tf.dropout's own mask (same seed, same shape): 1 / (1 - rate) where kept, 0 elsewhere.
    const keep = dropout ? (tf.dropout(tf.onesLike(output), dropout.rate, undefined, dropout.nextSeed()) as tf.Tensor2D) : null;
    hidden.push({ output, keep });
    h = keep ? tf.mul(output, keep) : output;
  });
  // Backward.
  const grads: tf.Tensor[] = new Array<tf.Tensor>(layers.length * 2);
  const ones = batch.ones ?? tf.ones([1, batch.x.shape[0]]);
  let delta = outputDelta(settings.task, settings.classes, h, batch);
  for (let i = layers.length - 1; i >= 0; i--) {
    const layer = layers[i]!;
    let kernelGrad = kernelGradient(inputs[i]!, i === 0 ? (batch.xt ?? null) : null, delta);
    if (settings.l2 > 0) kernelGrad = tf.add(kernelGrad, tf.mul(layer.kernel, 2 * settings.l2)) as tf.Tensor2D;
    grads[2 * i] = kernelGrad;
    grads[2 * i + 1] = tf.reshape(tf.matMul(ones, delta), [layer.bias.shape[0]]);
    if (i === 0) break;
    const below = hidden[i - 1]!;
    let back = tf.matMul(delta, tf.transpose(layer.kernel) as tf.Tensor2D);
    if (below.keep) back = tf.mul(back, below.keep);
    delta = tf.mul(back, activationSlope(below.output, layers[i - 1]!.activation));
  }
  return grads;
}
