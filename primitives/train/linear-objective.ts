/**
 * The full-batch objective of a model without hidden layers (linear,
 * logistic, softmax) on TensorFlow.js: the whole matrix stays on the backend,
 * and one evaluation is one matMul forward, the per-row loss, and one matMul
 * for the gradient, read back together. The gradient is written out by hand (the
 * closed forms X^T (p - y) / n), not taped, so an evaluation is a dozen
 * kernel dispatches whatever the row count. Per-row values are summed on the
 * host in double precision: float32 sums over many rows are too noisy for a
 * line search near the optimum. The binary objective is the clipped log loss
 * (a row's loss stops at -log(1e-7)); its gradient is the unclipped one. The
 * two differ only for rows misclassified with |z| > 16.
 *
 * Parameters are one Float64Array, the kernel (inputs x outputs, row-major)
 * then the bias, the layout of a DenseLayer.
 */
import * as tf from "@tensorflow/tfjs";
import type { LoopData } from "./loop";
import type { Task } from "./metrics";

/** Probabilities are clipped to [1e-7, 1 - 1e-7] in log loss, as computeMetrics does: |p - y| <= 1 - 1e-7. */
const MAX_RESIDUAL = 1 - 1e-7;

export interface LinearScores {
  /** The data loss (unweighted, no L2; log loss clipped as computeMetrics clips it). */
  loss: number;
  /** accuracy (classification) or mae (regression). */
  metric: number;
}

export interface LinearEvaluation extends LinearScores {
  /** The objective minimized: class-weighted mean loss plus l2 * sum(kernel^2). */
  value: number;
  gradient: Float64Array;
}

export interface LinearObjective {
  readonly parameters: number;
  /** The objective, its gradient and the scores at `theta`. */
  evaluate(theta: Float64Array): LinearEvaluation;
  /** Only the scores (validation data). */
  score(theta: Float64Array): LinearScores;
  dispose(): void;
}

/**
 * The rows as columns (inputs x rows), the only copy kept on the backend.
 * Outputs are computed as rows (outputs x rows): on the wasm backend a
 * matMul with one output column is many times slower than the same product
 * the other way round, and so are its elementwise kernels on a column. The
 * big matrix is the right operand of the forward product (packed once, on
 * the first evaluation) and the left one of the gradient's (not packed).
 */
interface RowTensors {
  /** inputs x rows. */
  xt: tf.Tensor2D;
  /** outputs x rows: values (regression), 0/1 (binary) or one-hot columns (multiclass). */
  y: tf.Tensor2D;
  /** Class indices (multiclass), for accuracy. */
  labels: tf.Tensor1D | null;
  /** 1 x rows class weights, or null for all ones. */
  weights: tf.Tensor2D | null;
  rows: number;
}

function toRowTensors(task: Task, outputs: number, data: LoopData): RowTensors {
  const rows = data.x.rows;
  const labels = task === "multiclass" ? tf.tensor1d(Int32Array.from(data.targets), "int32") : null;
  return {
    xt: tf.tidy(() => tf.transpose(tf.tensor2d(data.x.values, [rows, data.x.cols]))),
    y: labels ? tf.tidy(() => tf.transpose(tf.cast(tf.oneHot(labels, outputs), "float32")) as tf.Tensor2D) : tf.tensor2d(Float32Array.from(data.targets), [1, rows]),
    labels,
    weights: data.sampleWeights ? tf.tensor2d(data.sampleWeights, [1, rows]) : null,
    rows,
  };
}

/**
 * [rows, kernel gradient, bias gradient], the gradients only when asked for.
 * rows: 1 x (2 or 3) * rows: the reported losses, the metric (binary: the
 * residual), and the weighted losses when there are class weights. The data
 * part of the gradient: inputs x outputs, and the bias's, outputs.
 */
type RowOutputs = [tf.Tensor] | [tf.Tensor, tf.Tensor, tf.Tensor];

/**
 * Per-row loss (clipped as computeMetrics clips it) and metric, 1 x rows, and
 * d loss / d z as columns (rows x outputs). Binary: no metric row; the host
 * reads it off the residual (comparisons are slow kernels on the wasm backend).
 */
function computeTerms(task: Task, t: RowTensors, z: tf.Tensor2D): { loss: tf.Tensor; metric: tf.Tensor | null; residual: tf.Tensor } {
  if (task === "regression") {
    const residual = tf.sub(z, t.y);
    return { loss: tf.square(residual), metric: tf.abs(residual), residual: tf.mul(residual, 2) };
  }
  if (task === "binary") {
    // With p = sigmoid(z): the log loss is -log(1 - |p - y|), and p - y is the gradient's residual.
    // Built from the kernels the wasm backend runs fast (no exp, log, softplus or comparisons).
    const residual = tf.sub(tf.sigmoid(z), t.y);
    const loss = tf.neg(tf.log1p(tf.neg(tf.clipByValue(tf.abs(residual), 0, MAX_RESIDUAL))));
    return { loss, metric: null, residual };
  }
  const columns = tf.transpose(z);
  const probabilities = tf.softmax(columns);
  const truth = tf.transpose(t.y);
  const picked = tf.sum(tf.mul(probabilities, truth), 1);
  return {
    loss: tf.reshape(tf.neg(tf.log(tf.clipByValue(picked, 1 - MAX_RESIDUAL, MAX_RESIDUAL))), [1, t.rows]),
    metric: tf.reshape(tf.cast(tf.equal(tf.argMax(columns, 1), t.labels!), "float32"), [1, t.rows]),
    residual: tf.sub(probabilities, truth),
  };
}

function computeRows(task: Task, t: RowTensors, kernel: tf.Tensor2D, bias: tf.Tensor2D, withGradient: boolean): RowOutputs {
  const z = tf.add(tf.matMul(kernel, t.xt), bias) as tf.Tensor2D;
  const { loss, metric, residual } = computeTerms(task, t, z);
  const second = metric ?? residual;
  const rows = tf.concat(t.weights ? [loss, second, tf.mul(loss, t.weights)] : [loss, second], 1);
  if (!withGradient) return [rows];
  // Binary and regression residuals are one row: as a column it is the same data.
  const columns = (task === "multiclass" ? residual : tf.reshape(residual, [t.rows, 1])) as tf.Tensor2D;
  const weighted = t.weights ? tf.mul(columns, tf.reshape(t.weights, [t.rows, 1])) : columns;
  return [rows, tf.matMul(t.xt, weighted), tf.sum(weighted, 0)];
}

/** Rows classified right, from residuals p - y: p > 0.5 is class 1, as computeMetrics thresholds. */
function countCorrect(residuals: Float32Array, targets: Float32Array | Int32Array): number {
  let correct = 0;
  for (let i = 0; i < residuals.length; i++) {
    const r = residuals[i]!;
    if (targets[i] === 1 ? r > -0.5 : r <= 0.5) correct++;
  }
  return correct;
}

/**
 * The objective of a linear model on `data`, with `l2` on the kernel.
 * @example
 * const objective = createLinearObjective("binary", 1, train, 0);
 * const { value, gradient } = objective.evaluate(new Float64Array(objective.parameters));
 */
export function createLinearObjective(task: Task, outputs: number, data: LoopData, l2: number): LinearObjective {
  const inputs = data.x.cols;
  const tensors = toRowTensors(task, outputs, data);
  const kernelSize = inputs * outputs;
  const n = tensors.rows;

  /** theta's kernel (inputs x outputs) transposed, to multiply the rows as columns, and its bias as a column. */
  const weightsOf = (theta: Float64Array) => {
    const transposed = new Float32Array(kernelSize);
    for (let i = 0; i < inputs; i++) for (let j = 0; j < outputs; j++) transposed[j * inputs + i] = theta[i * outputs + j]!;
    return { kernel: tf.tensor2d(transposed, [outputs, inputs]), bias: tf.tensor2d(Float32Array.from(theta.subarray(kernelSize)), [outputs, 1]) };
  };

  const run = (theta: Float64Array, withGradient: boolean) => {
    const w = weightsOf(theta);
    try {
      const outputs = tf.tidy(() => computeRows(task, tensors, w.kernel, w.bias, withGradient));
      const [values, kernelGradient, biasGradient] = outputs.map((o) => o.dataSync() as Float32Array) as [Float32Array, Float32Array?, Float32Array?];
      tf.dispose(outputs);
      const sums = [0, 0, 0];
      for (let part = 0; part < values.length / n; part++) {
        let sum = 0;
        if (part === 1 && task === "binary") sum = countCorrect(values.subarray(n, 2 * n), data.targets);
        else for (let i = part * n; i < (part + 1) * n; i++) sum += values[i]!;
        sums[part] = sum / n;
      }
      const [loss, metric, weighted] = sums as [number, number, number];
      return { weighted: tensors.weights ? weighted : loss, loss, metric, kernelGradient, biasGradient };
    } finally {
      tf.dispose([w.kernel, w.bias]);
    }
  };

  return {
    parameters: kernelSize + outputs,
    evaluate(theta) {
      const { weighted, loss, metric, kernelGradient, biasGradient } = run(theta, true);
      let penalty = 0;
      const gradient = new Float64Array(theta.length);
      for (let j = 0; j < kernelSize; j++) gradient[j] = kernelGradient![j]! / n;
      for (let j = 0; j < outputs; j++) gradient[kernelSize + j] = biasGradient![j]! / n;
      for (let j = 0; j < kernelSize; j++) {
        penalty += theta[j]! * theta[j]!;
        gradient[j]! += 2 * l2 * theta[j]!;
      }
      return { value: weighted + l2 * penalty, gradient, loss, metric };
    },
    score(theta) {
      const { loss, metric } = run(theta, false);
      return { loss, metric };
    },
    dispose() {
      tf.dispose([tensors.xt, tensors.y, tensors.labels ?? [], tensors.weights ?? []].flat());
    },
  };
}
