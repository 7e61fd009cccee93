import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { computeLogits, type LayerTensors } from "../models/forward";
import type { HiddenActivation } from "../models/network";
import { ensureBackend } from "./backend";
import { computeGradients, type Batch } from "./gradients";
import type { Task } from "./metrics";
import { createRandom } from "./random";

beforeAll(async () => {
  await ensureBackend();
});

const rng = createRandom(21);
const uniform = (n: number) => Array.from({ length: n }, () => rng.next() * 2 - 1);

/** The loss the loop minimizes, taped by tfjs: the reference the closed forms must match. */
function referenceLoss(task: Task, classes: number, layers: LayerTensors[], batch: Batch, l2: number, dropoutSeed: number | null, rate: number): tf.Scalar {
  const seeds = dropoutSeed === null ? undefined : { rate, nextSeed: () => dropoutSeed };
  const logits = computeLogits(layers, batch.x, seeds);
  const rows = logits.shape[0];
  let losses: tf.Tensor1D;
  if (task === "regression") losses = tf.reshape(tf.square(tf.sub(logits, tf.reshape(batch.y, [rows, 1]))), [rows]);
  else if (task === "binary") losses = tf.reshape(tf.losses.sigmoidCrossEntropy(tf.reshape(batch.y, [rows, 1]), logits, undefined, 0, tf.Reduction.NONE), [rows]);
  else losses = tf.losses.softmaxCrossEntropy(tf.oneHot(tf.cast(batch.y, "int32") as tf.Tensor1D, classes), logits, undefined, 0, tf.Reduction.NONE) as tf.Tensor1D;
  let loss: tf.Scalar = batch.weights ? tf.div(tf.sum(tf.mul(losses, batch.weights)), rows) : tf.mean(losses);
  for (const layer of layers) loss = tf.add(loss, tf.mul(l2, tf.sum(tf.square(layer.kernel))));
  return loss;
}

describe("closed-form gradients", () => {
  const cases: Array<{ task: Task; classes: number; activation: HiddenActivation; hidden: number[]; weighted: boolean; l2: number; dropout: number }> = [
    { task: "regression", classes: 1, activation: "relu", hidden: [], weighted: false, l2: 0, dropout: 0 },
    { task: "regression", classes: 1, activation: "tanh", hidden: [5, 3], weighted: false, l2: 0.01, dropout: 0 },
    { task: "binary", classes: 1, activation: "sigmoid", hidden: [4], weighted: true, l2: 0, dropout: 0 },
    { task: "multiclass", classes: 3, activation: "relu", hidden: [6], weighted: true, l2: 0.003, dropout: 0.3 },
    { task: "multiclass", classes: 4, activation: "relu", hidden: [], weighted: false, l2: 0, dropout: 0 },
  ];
  it.each(cases)("match tfjs's taped gradients: $task, hidden $hidden ($activation), weighted $weighted, l2 $l2, dropout $dropout", (c) => {
    const rows = 9;
    const inputs = 3;
    const sizes = [inputs, ...c.hidden, c.classes];
    const layers: LayerTensors[] = sizes.slice(1).map((units, i) => ({
      kernel: tf.variable(tf.tensor2d(uniform(sizes[i]! * units), [sizes[i]!, units])),
      bias: tf.variable(tf.tensor1d(uniform(units))),
      activation: i === sizes.length - 2 ? "linear" : c.activation,
    }));
    const targets = Array.from({ length: rows }, (_, i) => (c.task === "regression" ? uniform(1)[0]! : i % c.classes === 0 && c.task === "binary" ? 1 : i % c.classes));
    const x = tf.tensor2d(uniform(rows * inputs), [rows, inputs]);
    const batch: Batch = {
      x,
      // The loop passes x^T built on the host; half the cases leave it to computeGradients.
      ...(c.hidden.length > 0 ? { xt: tf.transpose(x) } : {}),
      y: tf.tensor1d(c.task === "binary" ? targets.map((t) => (t === 1 ? 1 : 0)) : targets),
      weights: c.weighted ? tf.tensor1d(Array.from({ length: rows }, (_, i) => 0.5 + (i % 3))) : null,
    };
    const seed = c.dropout > 0 ? 99 : null;
    const variables = layers.flatMap((l) => [l.kernel, l.bias]) as tf.Variable[];
    const { grads } = tf.variableGrads(() => referenceLoss(c.task, c.classes, layers, batch, c.l2, seed, c.dropout), variables);
    const ours = tf.tidy(() => computeGradients(layers, batch, { task: c.task, classes: c.classes, l2: c.l2, ...(seed !== null ? { dropout: { rate: c.dropout, nextSeed: () => seed } } : {}) }));
    variables.forEach((v, i) => {
      const expected = grads[v.name]!.dataSync();
      const got = ours[i]!.dataSync();
      expect(got.length).toBe(expected.length);
      got.forEach((g, j) => expect(g).toBeCloseTo(expected[j]!, 5));
    });
    tf.dispose([...variables, ...Object.values(grads), ...ours, batch.x, batch.xt ?? [], batch.y, batch.weights ?? []].flat());
  });
});
