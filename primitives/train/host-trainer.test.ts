import { beforeAll, describe, expect, it } from "vitest";
import { initNetwork, type HiddenActivation, type Network } from "../models/network";
import { ensureBackend } from "./backend";
import { createHostTrainer } from "./host-trainer";
import type { LoopData, LoopSettings, Trainer } from "./loop";
import type { Task } from "./metrics";
import type { OptimizerName } from "./optimizer";
import { createRandom, permutation } from "./random";
import { createTfjsTrainer } from "./tfjs-trainer";

beforeAll(async () => {
  await ensureBackend();
});

interface Case {
  task: Task;
  classes: number;
  activation: HiddenActivation;
  hidden: number[];
  optimizer: OptimizerName;
  weighted: boolean;
  l2: number;
}

/** Rows of 7 features (not a multiple of the kernel's 4-float vectors) with targets of the task. */
function makeData(c: Case, rows: number): LoopData {
  const random = createRandom(5);
  const values = Float32Array.from({ length: rows * 7 }, () => random.next() * 2 - 1);
  const targets = c.task === "multiclass"
    ? Int32Array.from({ length: rows }, (_, i) => Math.floor((values[i * 7]! + 1) * c.classes / 2.0001))
    : Float32Array.from({ length: rows }, (_, i) => (c.task === "binary" ? (values[i * 7]! + values[i * 7 + 1]! > 0 ? 1 : 0) : values[i * 7]! - 0.5 * values[i * 7 + 2]!));
  const sampleWeights = c.weighted ? Float32Array.from({ length: rows }, (_, i) => 0.5 + (i % 3)) : null;
  return { x: { rows, cols: 7, values, columns: Array.from({ length: 7 }, (_, i) => `x${i}`) }, targets, sampleWeights };
}

function settingsFor(c: Case, engine: LoopSettings["engine"]): LoopSettings {
  return {
    task: c.task, classes: c.classes, epochs: 1, batchSize: 16, optimizer: c.optimizer, learningRate: 0.05, schedule: { type: "constant" },
    l2: c.l2, dropout: 0, earlyStopping: null, random: createRandom(9), engine,
  };
}

/** Two epochs of steps (the last batch short) from the same start and order. */
async function train(make: (n: Network, d: LoopData, s: LoopSettings) => Trainer, c: Case, engine: LoopSettings["engine"]): Promise<{ network: Network; loss: number }> {
  const data = makeData(c, 40);
  const start = initNetwork({ inputs: 7, hidden: c.hidden, hiddenActivation: c.activation, outputs: c.task === "multiclass" ? c.classes : 1, outputActivation: c.task === "regression" ? "linear" : c.task === "binary" ? "sigmoid" : "softmax" }, createRandom(3));
  const trainer = make(start, data, settingsFor(c, engine));
  const shuffle = createRandom(11);
  try {
    for (let epoch = 0; epoch < 2; epoch++) {
      const order = permutation(40, shuffle);
      for (let b = 0; b < 40; b += 16) trainer.step(order, b, Math.min(40, b + 16));
    }
    return { network: await trainer.snapshot(), loss: (await trainer.score(data)).loss };
  } finally {
    trainer.dispose();
  }
}

describe("host trainer", () => {
  const cases: Case[] = [
    { task: "regression", classes: 1, activation: "relu", hidden: [], optimizer: "sgd", weighted: false, l2: 0 },
    { task: "regression", classes: 1, activation: "tanh", hidden: [5, 3], optimizer: "momentum", weighted: false, l2: 0.01 },
    { task: "binary", classes: 1, activation: "sigmoid", hidden: [6], optimizer: "rmsprop", weighted: true, l2: 0 },
    { task: "multiclass", classes: 3, activation: "relu", hidden: [9, 4], optimizer: "adam", weighted: true, l2: 0.003 },
    { task: "multiclass", classes: 5, activation: "relu", hidden: [17], optimizer: "adagrad", weighted: false, l2: 0 },
  ];
  it.each(cases)("takes the same steps as the tfjs trainer: $task, hidden $hidden ($activation), $optimizer, weighted $weighted, l2 $l2", async (c) => {
    const host = await train(createHostTrainer, c, "host");
    const reference = await train(createTfjsTrainer, c, "tfjs");
    expect(host.network.layers.map((l) => [l.inputs, l.units, l.activation])).toEqual(reference.network.layers.map((l) => [l.inputs, l.units, l.activation]));
    host.network.layers.forEach((layer, i) => {
      const other = reference.network.layers[i]!;
      for (const [mine, theirs] of [[layer.kernel, other.kernel], [layer.bias, other.bias]] as const) {
        expect(mine.length).toBe(theirs.length);
        for (let j = 0; j < mine.length; j++) expect(Math.abs(mine[j]! - theirs[j]!)).toBeLessThan(2e-4);
      }
    });
    expect(host.loss).toBeCloseTo(reference.loss, 4);
  });

  it("draws dropout masks from the run's generator: the same seed repeats, another seed differs", async () => {
    const c = cases[3]!;
    const run = async (seed: number) => {
      const data = makeData(c, 40);
      const start = initNetwork({ inputs: 7, hidden: [9, 4], hiddenActivation: "relu", outputs: 3, outputActivation: "softmax" }, createRandom(3));
      const trainer = createHostTrainer(start, data, { ...settingsFor(c, "host"), dropout: 0.4, random: createRandom(seed) });
      const order = permutation(40, createRandom(1));
      for (let b = 0; b < 40; b += 16) trainer.step(order, b, Math.min(40, b + 16));
      return (await trainer.snapshot()).layers[0]!.kernel;
    };
    const [a, again, other] = [await run(1), await run(1), await run(2)];
    expect([...a]).toEqual([...again]);
    expect([...a]).not.toEqual([...other]);
  });
});
