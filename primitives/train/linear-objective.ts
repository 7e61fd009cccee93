/**
 * The full-batch objective of a model without hidden layers (linear,
 * logistic, softmax), on the host: the rows live in one wasm memory as
 * columns (inputs x rows, plus a row of ones for the bias), and an
 * evaluation streams them twice with SIMD kernels, once for the logits
 * (gemm-kernel.ts) and once for the gradient (dot-kernel.ts), with one loop
 * over the rows between for the loss and residual (binary: the residual by
 * sigmoid-kernel.ts, the log loss summed a product of rows at a time). Through tfjs the same evaluation
 * was a dozen kernel dispatches plus a one-time packing of the matrix by
 * XNNPACK that cost more than the solve. The gradient is written out by
 * hand (the closed forms X^T (p - y) / n). Per-row values are summed in
 * double precision: float32 sums over many rows are too noisy for a line
 * search near the optimum. The binary objective is the clipped log loss (a
 * row's loss stops at -log(1e-7)); its gradient is the unclipped one. The
 * two differ only for rows misclassified with |z| > 16.
 *
 * Parameters are one Float64Array, the kernel (inputs x outputs, row-major)
 * then the bias, the layout of a DenseLayer.
 */
import { acquireWorkspace, padWidth } from "./workspace";
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
 * The objective of a linear model on `data`, with `l2` on the kernel.
 * @example
 * const objective = createLinearObjective("binary", 1, train, 0);
 * const { value, gradient } = objective.evaluate(new Float64Array(objective.parameters));
 */
export function createLinearObjective(task: Task, outputs: number, data: LoopData, l2: number): LinearObjective {
  const { rows: n, cols: inputs, values } = data.x;
  const kernelSize = inputs * outputs;
  // Rows padded to whole rounds of the dot kernel (16 floats); the padding stays zero in every column.
  const stride = Math.ceil(n / 16) * 16;
  const outWidth = padWidth(outputs);
  // The last region stages a chunk of row-major rows at a time for the transpose (small: fresh pages cost more than copies).
  const sizes = [(inputs + 1) * stride, (inputs + 1) * outWidth, outputs * stride, outputs * stride, (inputs + 1) * 4, stride, 4, Math.min(n, CHUNK_ROWS) * inputs];
  const ws = acquireWorkspace(sizes.reduce((sum, size) => sum + padWidth(size), 0));
  const [columnsAt, weightsAt, logitsAt, residualsAt, dotsAt, targetsAt, hitsAt, stagingAt] = sizes.map((size) => ws.alloc(size)) as [number, number, number, number, number, number, number, number];
  ws.view(targetsAt, n).set(data.targets);
  for (let start = 0; start < n; start += CHUNK_ROWS) {
    const end = Math.min(n, start + CHUNK_ROWS);
    ws.view(stagingAt, (end - start) * inputs).set(values.subarray(start * inputs, end * inputs));
    ws.transpose(stagingAt, end - start, inputs, columnsAt + 4 * start, stride);
  }
  const columns = ws.view(columnsAt, (inputs + 1) * stride);
  columns.fill(1, inputs * stride, inputs * stride + n);
  const weights = ws.view(weightsAt, (inputs + 1) * outWidth);
  const logits = ws.view(logitsAt, outputs * stride);
  const residuals = ws.view(residualsAt, outputs * stride);
  const dots = ws.view(dotsAt, (inputs + 1) * 4);
  const hits = new Int32Array(dots.buffer, hitsAt, 4);

  const gradientSums = new Float64Array(outputs * (inputs + 1));

  /**
   * One pass in chunks of rows, each chunk's columns read from the cache a second time for the gradient
   * (the matrix streamed once from memory instead of twice). Returns means over the n rows.
   */
  const run = (theta: Float64Array, withGradient: boolean): RowSums => {
    // theta is kernel rows then the bias: with the bias as one more input row, the (inputs + 1) x outputs matrix, padded.
    for (let t = 0; t <= inputs; t++) for (let o = 0; o < outputs; o++) weights[t * outWidth + o] = theta[t * outputs + o]!;
    gradientSums.fill(0);
    const sums: RowSums = { loss: 0, metric: 0, weighted: 0 };
    for (let start = 0; start < n; start += CHUNK_ROWS) {
      const end = Math.min(n, start + CHUNK_ROWS);
      const width = Math.min(stride, start + CHUNK_ROWS) - start;
      // logitsᵀ (outputs x rows) = weightsᵀ · [X 1]ᵀ.
      ws.gemm({ a: weightsAt, aRow: 4, aStep: 4 * outWidth, b: columnsAt + 4 * start, bRow: 4 * stride, c: logitsAt + 4 * start, cRow: 4 * stride, m: outputs, k: inputs + 1, blocks: width / 4 });
      if (task === "binary") {
        ws.sigmoidResidual(logitsAt + 4 * start, targetsAt + 4 * start, residualsAt + 4 * start, end - start, hitsAt);
        // Padding rows (z = 0, y = 0: p = 0.5, class 0) count as right: the up to three after row n.
        sums.metric += hits[0]! + hits[1]! + hits[2]! + hits[3]! - (Math.ceil((end - start) / 4) * 4 - (end - start));
        addBinary(start, end, residuals, data, sums);
      } else {
        addRows(task, outputs, start, end, stride, logits, residuals, data, sums);
      }
      if (!withGradient) continue;
      // Each output's residuals dotted with every column of [X 1]: its kernel column's gradient then its bias's, times n.
      for (let o = 0; o < outputs; o++) {
        ws.rowDots(columnsAt + 4 * start, 4 * stride, residualsAt + 4 * (o * stride + start), dotsAt, inputs + 1, width);
        for (let t = 0; t <= inputs; t++) gradientSums[o * (inputs + 1) + t]! += dots[4 * t]! + dots[4 * t + 1]! + dots[4 * t + 2]! + dots[4 * t + 3]!;
      }
    }
    return { loss: sums.loss / n, metric: sums.metric / n, weighted: sums.weighted / n };
  };

  return {
    parameters: kernelSize + outputs,
    evaluate(theta) {
      const { weighted, loss, metric } = run(theta, true);
      let penalty = 0;
      const gradient = new Float64Array(theta.length);
      for (let t = 0; t <= inputs; t++) {
        for (let o = 0; o < outputs; o++) {
          gradient[t * outputs + o] = gradientSums[o * (inputs + 1) + t]! / n;
        }
      }
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
      ws.release();
    },
  };
}

interface RowSums {
  loss: number;
  metric: number;
  weighted: number;
}

/** Rows per chunk of an evaluation: their 21-odd columns (about 350 KB) stay in the second-level cache. */
const CHUNK_ROWS = 4096;

/** Logarithms taken once per this many rows, of the product of their 1 - |p - y| (each at least 1e-7: the product stays a normal double). */
const LOG_EVERY = 16;

/**
 * Adds binary rows [start, end) from their residuals p - y (the sigmoid
 * kernel's, which also counted the rows classified right): the log loss
 * -log(1 - |p - y|), clipped as computeMetrics clips it, summed as the
 * logarithm of products of LOG_EVERY rows (a Math.log per row cost as much
 * as the rest of the evaluation; per row only with class weights), and the
 * residuals times the rows' class weights.
 */
function addBinary(start: number, end: number, residuals: Float32Array, data: LoopData, sums: RowSums): void {
  const { sampleWeights } = data;
  let logSum = 0;
  for (let first = start; first < end; first += LOG_EVERY) {
    let product = 1;
    const last = Math.min(end, first + LOG_EVERY);
    for (let r = first; r < last; r++) product *= Math.max(1 - Math.abs(residuals[r]!), 1 - MAX_RESIDUAL);
    logSum += Math.log(product);
  }
  sums.loss -= logSum;
  if (!sampleWeights) {
    sums.weighted -= logSum;
    return;
  }
  for (let r = start; r < end; r++) {
    sums.weighted -= sampleWeights[r]! * Math.log(Math.max(1 - Math.abs(residuals[r]!), 1 - MAX_RESIDUAL));
    residuals[r] = residuals[r]! * sampleWeights[r]!;
  }
}

/**
 * Adds regression and multiclass rows [start, end), from logitsᵀ (outputs x
 * rows, row stride `stride`): each row's loss (clipped as computeMetrics
 * clips it), the metric, and d loss / d z times the row's class weight into
 * `residuals` (same layout).
 */
function addRows(task: Task, outputs: number, start: number, end: number, stride: number, logits: Float32Array, residuals: Float32Array, data: LoopData, sums: RowSums): void {
  const { targets, sampleWeights } = data;
  for (let r = start; r < end; r++) {
    const w = sampleWeights ? sampleWeights[r]! : 1;
    let rowLoss: number;
    if (task === "regression") {
      const residual = logits[r]! - targets[r]!;
      rowLoss = residual * residual;
      sums.metric += Math.abs(residual);
      residuals[r] = 2 * residual * w;
    } else {
      const label = targets[r]!;
      let [max, best] = [-Infinity, 0];
      for (let o = 0; o < outputs; o++) {
        const z = logits[o * stride + r]!;
        if (z > max) [max, best] = [z, o];
      }
      let sum = 0;
      for (let o = 0; o < outputs; o++) sum += Math.exp(logits[o * stride + r]! - max);
      rowLoss = 0;
      for (let o = 0; o < outputs; o++) {
        const p = Math.exp(logits[o * stride + r]! - max) / sum;
        if (o === label) rowLoss = -Math.log(Math.min(Math.max(p, 1 - MAX_RESIDUAL), MAX_RESIDUAL));
        residuals[o * stride + r] = (p - (o === label ? 1 : 0)) * w;
      }
      if (best === label) sums.metric++;
    }
    sums.loss += rowLoss;
    sums.weighted += rowLoss * w;
  }
}
