/**
 * Mini-batch training of a dense network on the host, in one wasm memory
 * (gemm-kernel.ts): the wasm and cpu tfjs backends spend a small network's
 * step on ~50 kernel dispatches, while the arithmetic of a batch of 256
 * through 20 x 64 x 2 is a fraction of a millisecond. A step here is one
 * kernel call per product (forward with bias and relu fused; kernel, bias
 * and backpropagated gradients with relu's derivative as a mask), the output
 * delta and other activations in plain loops, and the optimizer as one loop
 * over all parameters (host-optimizer.ts). Same model, loss, gradients and
 * update rules as the tfjs trainer; the seeded dropout masks come from the
 * run's own generator.
 *
 * Layout: every row of B, C, bias and mask is padded to a multiple of four
 * floats with zeros (the kernel's vectors); padded weights get zero
 * gradients and stay zero. All kernels and biases are one region, their
 * gradients another of the same layout, so the optimizer sees two arrays.
 */
import type { DenseLayer, Network } from "../models/network";
import { acquireWorkspace, padWidth, type Workspace } from "./workspace";
import { createHostOptimizer, type HostOptimizer } from "./host-optimizer";
import type { LoopData, LoopSettings, Trainer } from "./loop";
import type { FeatureMatrix } from "./matrix";
import { computeMetrics } from "./metrics";

/** Rows scored per pass: large enough that a call's fixed cost vanishes, small enough to stay in cache. */
const SCORE_ROWS = 1024;

interface HostLayer {
  layer: DenseLayer;
  /** Padded units. */
  width: number;
  /** Byte addresses: kernel (inputs x width) and bias (width) in the parameters, their gradients, kernelᵀ (units x the layer below's width). */
  kernel: number;
  bias: number;
  kernelGrad: number;
  biasGrad: number;
  transposed: number;
  /** rows x width: activation output (pre-dropout), the next layer's input (post-dropout, or the same), delta, dropout scale. */
  output: number;
  input: number;
  delta: number;
  keep: number;
}

/**
 * A trainer for `initial` with its own workspace.
 * @example
 * const trainer = createHostTrainer(initNetwork(shape, rng), train, settings);
 * trainer.step(order, 0, 256);
 */
export function createHostTrainer(initial: Network, train: LoopData, settings: LoopSettings): Trainer {
  const inputs = initial.layers[0]!.inputs;
  const ws = acquireWorkspace(train.x.rows * inputs);
  const capacity = Math.max(settings.batchSize, SCORE_ROWS);
  const batchX = ws.alloc(capacity * inputs);
  // The training rows stay in the workspace: batches are gathered from it and epochs scored on it without copies.
  const trainAt = ws.alloc(train.x.rows * inputs);
  const one = ws.alloc(1);
  const paramStart = ws.alloc(0);
  const layers = initial.layers.map((layer) => {
    const width = padWidth(layer.units);
    return { layer, width, kernel: ws.alloc(layer.inputs * width), bias: ws.alloc(width) };
  });
  const paramFloats = (ws.alloc(0) - paramStart) / 4;
  const gradStart = ws.alloc(paramFloats);
  const dropout = settings.dropout > 0;
  const hosts: HostLayer[] = layers.map((l, i) => {
    const output = ws.alloc(capacity * l.width);
    const hidden = i < layers.length - 1;
    return {
      ...l,
      kernelGrad: gradStart + (l.kernel - paramStart),
      biasGrad: gradStart + (l.bias - paramStart),
      transposed: i > 0 ? ws.alloc(l.layer.units * layers[i - 1]!.width) : 0,
      output,
      input: hidden && dropout ? ws.alloc(capacity * l.width) : output,
      delta: ws.alloc(capacity * l.width),
      keep: hidden && dropout ? ws.alloc(capacity * l.width) : 0,
    };
  });
  ws.view(one, 1)[0] = 1;
  ws.view(trainAt, train.x.rows * inputs).set(train.x.values);
  /** Other matrices scored (validation rows), copied in once; allocating may grow the memory, so views are taken per use. */
  const resident = new Map<FeatureMatrix, number>([[train.x, trainAt]]);
  const makeResident = (x: FeatureMatrix): number => {
    let at = resident.get(x);
    if (at === undefined) {
      at = ws.alloc(x.rows * inputs);
      ws.view(at, x.rows * inputs).set(x.values);
      resident.set(x, at);
    }
    return at;
  };
  for (const h of hosts) {
    const kernel = ws.view(h.kernel, h.layer.inputs * h.width);
    for (let i = 0; i < h.layer.inputs; i++) kernel.set(h.layer.kernel.subarray(i * h.layer.units, (i + 1) * h.layer.units), i * h.width);
    ws.view(h.bias, h.width).set(h.layer.bias);
  }
  const optimizer: HostOptimizer = createHostOptimizer(settings.optimizer, settings.learningRate, ws, paramStart, gradStart, paramFloats);
  const indicesAt = ws.alloc(settings.batchSize);
  const last = hosts.length - 1;

  /** kernelᵀ of every layer above the first, for backpropagation (B of δ · Wᵀ). */
  const transposeKernels = () => {
    for (let l = 1; l < hosts.length; l++) {
      const h = hosts[l]!;
      const below = hosts[l - 1]!.width;
      const kernel = ws.view(h.kernel, h.layer.inputs * h.width);
      const transposed = ws.view(h.transposed, h.layer.units * below);
      for (let i = 0; i < h.layer.inputs; i++) for (let j = 0; j < h.layer.units; j++) transposed[j * below + i] = kernel[i * h.width + j]!;
    }
  };
  transposeKernels();

  /** The training rows at order[start..end) into the batch matrix. */
  const gather = (order: Int32Array, start: number, end: number) => {
    new Int32Array(ws.view(indicesAt, end - start).buffer, indicesAt, end - start).set(order.subarray(start, end));
    ws.gatherRows(trainAt, 4 * inputs, indicesAt, end - start, batchX);
  };

  /** Forward through every layer from `rows` rows at byte address `x`; the last layer's `output` holds logits. */
  const runForward = (x: number, rows: number, training: boolean) => {
    let input = x;
    let inputRow = 4 * inputs;
    hosts.forEach((h, l) => {
      const hidden = l < last;
      const relu = hidden && h.layer.activation === "relu";
      ws.gemm({ a: input, aRow: inputRow, aStep: 4, b: h.kernel, bRow: 4 * h.width, c: h.output, cRow: 4 * h.width, m: rows, k: h.layer.inputs, blocks: h.width / 4, bias: h.bias, relu });
      if (hidden && !relu) squash(ws.view(h.output, rows * h.width), h.layer.activation);
      if (hidden && dropout) {
        const [output, next, keep] = [ws.view(h.output, rows * h.width), ws.view(h.input, rows * h.width), ws.view(h.keep, rows * h.width)];
        const scale = 1 / (1 - settings.dropout);
        for (let i = 0; i < output.length; i++) {
          keep[i] = training && settings.random.next() < settings.dropout ? 0 : training ? scale : 1;
          next[i] = output[i]! * keep[i]!;
        }
      }
      input = h.input;
      inputRow = 4 * h.width;
    });
  };

  const step = (order: Int32Array, start: number, end: number) => {
    const rows = end - start;
    gather(order, start, end);
    runForward(batchX, rows, true);
    writeOutputDelta(ws, hosts[last]!, train, order, start, rows, settings);
    for (let l = last; l >= 0; l--) {
      const h = hosts[l]!;
      const below = l > 0 ? hosts[l - 1]! : null;
      const input = below ? below.input : batchX;
      const inputRow = below ? 4 * below.width : 4 * inputs;
      ws.gemm({ a: input, aRow: 4, aStep: inputRow, b: h.delta, bRow: 4 * h.width, c: h.kernelGrad, cRow: 4 * h.width, m: h.layer.inputs, k: rows, blocks: h.width / 4 });
      ws.gemm({ a: one, aRow: 0, aStep: 0, b: h.delta, bRow: 4 * h.width, c: h.biasGrad, cRow: 0, m: 1, k: rows, blocks: h.width / 4 });
      if (!below) break;
      const relu = below.layer.activation === "relu";
      ws.gemm({
        a: h.delta, aRow: 4 * h.width, aStep: 4, b: h.transposed, bRow: 4 * below.width, c: below.delta, cRow: 4 * below.width,
        m: rows, k: h.layer.units, blocks: below.width / 4, ...(relu ? { mask: below.output, maskRow: 4 * below.width } : {}),
      });
      const delta = ws.view(below.delta, rows * below.width);
      if (dropout) {
        const keep = ws.view(below.keep, rows * below.width);
        for (let i = 0; i < delta.length; i++) delta[i] = delta[i]! * keep[i]!;
      }
      if (!relu) multiplySlope(delta, ws.view(below.output, rows * below.width), below.layer.activation);
    }
    const grads = ws.view(gradStart, paramFloats);
    if (settings.l2 > 0) {
      const params = ws.view(paramStart, paramFloats);
      for (const h of hosts) {
        const offset = (h.kernel - paramStart) / 4;
        for (let i = offset; i < offset + h.layer.inputs * h.width; i++) grads[i] = grads[i]! + 2 * settings.l2 * params[i]!;
      }
    }
    optimizer.apply();
    transposeKernels();
  };

  /** The model's outputs on every row of `x` (probabilities or values), as computeMetrics reads them. */
  const predict = (x: FeatureMatrix): Float32Array => {
    const outputs = hosts[last]!.layer.units;
    const result = new Float32Array(x.rows * outputs);
    const at = makeResident(x);
    for (let start = 0; start < x.rows; start += capacity) {
      const rows = Math.min(capacity, x.rows - start);
      runForward(at + start * inputs * 4, rows, false);
      const z = ws.view(hosts[last]!.output, rows * hosts[last]!.width);
      writeProbabilities(z, hosts[last]!.width, outputs, rows, settings.task, result.subarray(start * outputs));
    }
    return result;
  };

  const snapshot = (): Network => ({
    layers: hosts.map((h) => {
      const kernel = new Float32Array(h.layer.inputs * h.layer.units);
      const padded = ws.view(h.kernel, h.layer.inputs * h.width);
      for (let i = 0; i < h.layer.inputs; i++) kernel.set(padded.subarray(i * h.width, i * h.width + h.layer.units), i * h.layer.units);
      return { ...h.layer, kernel, bias: ws.view(h.bias, h.layer.units).slice() };
    }),
  });

  return {
    step,
    score: (data) => Promise.resolve(computeMetrics(settings.task, predict(data.x), data.targets, settings.classes)),
    snapshot: () => Promise.resolve(snapshot()),
    setLearningRate: (rate) => optimizer.setLearningRate(rate),
    dispose: () => ws.release(),
  };
}

function squash(values: Float32Array, activation: DenseLayer["activation"]): void {
  if (activation === "tanh") for (let i = 0; i < values.length; i++) values[i] = Math.tanh(values[i]!);
  else if (activation === "sigmoid") for (let i = 0; i < values.length; i++) values[i] = 1 / (1 + Math.exp(-values[i]!));
  else throw new Error(`${activation} is not a hidden activation`);
}

/** delta *= f'(h) from the activation's output h (tanh, sigmoid; relu is the kernel's mask). */
function multiplySlope(delta: Float32Array, output: Float32Array, activation: DenseLayer["activation"]): void {
  if (activation === "tanh") for (let i = 0; i < delta.length; i++) delta[i] = delta[i]! * (1 - output[i]! * output[i]!);
  else for (let i = 0; i < delta.length; i++) delta[i] = delta[i]! * output[i]! * (1 - output[i]!);
}

/**
 * d(mean loss)/d(logits) into the last layer's delta, from its logits:
 * 2 (z - y) (regression), sigmoid(z) - y (binary), softmax(z) - onehot(y)
 * (multiclass); times the row's class weight, over the batch's rows.
 */
function writeOutputDelta(ws: Workspace, h: HostLayer, data: LoopData, order: Int32Array, start: number, rows: number, settings: LoopSettings): void {
  const z = ws.view(h.output, rows * h.width);
  const delta = ws.view(h.delta, rows * h.width);
  const units = h.layer.units;
  for (let i = 0; i < rows; i++) {
    const row = order[start + i]!;
    const scale = (data.sampleWeights ? data.sampleWeights[row]! : 1) / rows;
    const target = data.targets[row]!;
    const at = i * h.width;
    if (settings.task === "regression") delta[at] = 2 * (z[at]! - target) * scale;
    else if (settings.task === "binary") delta[at] = (1 / (1 + Math.exp(-z[at]!)) - target) * scale;
    else {
      writeSoftmax(z, at, units, delta, at);
      delta[at + target] = delta[at + target]! - 1;
      for (let j = 0; j < units; j++) delta[at + j] = delta[at + j]! * scale;
    }
  }
}

/** softmax of z[at..at + units) into out[outAt..outAt + units): one exp per unit. */
function writeSoftmax(z: Float32Array, at: number, units: number, out: Float32Array, outAt: number): void {
  let max = -Infinity;
  for (let j = 0; j < units; j++) max = Math.max(max, z[at + j]!);
  let sum = 0;
  for (let j = 0; j < units; j++) {
    const e = Math.exp(z[at + j]! - max);
    out[outAt + j] = e;
    sum += e;
  }
  for (let j = 0; j < units; j++) out[outAt + j] = out[outAt + j]! / sum;
}

/** Logits (rows x width, padded) to outputs (rows x units): values, sigmoid or softmax. */
function writeProbabilities(z: Float32Array, width: number, units: number, rows: number, task: LoopSettings["task"], out: Float32Array): void {
  for (let i = 0; i < rows; i++) {
    const at = i * width;
    if (task === "regression") out[i] = z[at]!;
    else if (task === "binary") out[i] = 1 / (1 + Math.exp(-z[at]!));
    else writeSoftmax(z, at, units, out, i * units);
  }
}
