/**
 * Metrics computed on the host in double precision from a model's outputs
 * (probabilities or values): what epochs log, early stopping watches and
 * searches rank by. `loss` is the data loss the model optimizes, without
 * the L2 penalty and unweighted by class weights, so runs stay comparable.
 */

export type Task = "regression" | "binary" | "multiclass";

/** Regression: loss (= mse), mse, mae, r2. Classification: loss (= log loss), accuracy. */
export type MetricName = "loss" | "mse" | "mae" | "r2" | "accuracy";

export type Metrics = Partial<Record<MetricName, number>> & { loss: number };

/** Probabilities are clipped to [EPSILON, 1 - EPSILON] in log loss, as Keras does. */
const EPSILON = 1e-7;

/**
 * Which way is better for a metric.
 * @example
 * metricMode("accuracy"); // "max"
 */
export function metricMode(name: MetricName): "min" | "max" {
  return name === "accuracy" || name === "r2" ? "max" : "min";
}

/**
 * The metric each task logs next to the loss.
 * @example
 * primaryMetric("regression"); // "mae"
 */
export function primaryMetric(task: Task): MetricName {
  return task === "regression" ? "mae" : "accuracy";
}

/**
 * The metrics a task can be scored by.
 * @example
 * metricsOf("binary"); // ["loss", "accuracy"]
 */
export function metricsOf(task: Task): readonly MetricName[] {
  return task === "regression" ? ["loss", "mse", "mae", "r2"] : ["loss", "accuracy"];
}

/**
 * Every metric of the task. `outputs`: rows x 1 values (regression), rows x 1
 * probabilities of the second class (binary) or rows x k probabilities
 * (multiclass); `targets`: values, or class indices.
 * @example
 * computeMetrics("binary", Float32Array.of(0.9, 0.2), Int32Array.of(1, 1), 2); // { loss: 0.857…, accuracy: 0.5 }
 */
export function computeMetrics(task: Task, outputs: Float32Array, targets: Float32Array | Int32Array, classes: number): Metrics {
  const n = targets.length;
  if (n === 0) throw new Error("no rows to score");
  if (task === "regression") {
    let se = 0;
    let ae = 0;
    let mean = 0;
    for (let i = 0; i < n; i++) mean += targets[i]!;
    mean /= n;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const d = outputs[i]! - targets[i]!;
      se += d * d;
      ae += Math.abs(d);
      total += (targets[i]! - mean) ** 2;
    }
    const mse = se / n;
    return { loss: mse, mse, mae: ae / n, r2: total === 0 ? (se === 0 ? 1 : 0) : 1 - se / total };
  }
  let logLoss = 0;
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const label = targets[i]!;
    if (task === "binary") {
      const p = clip(outputs[i]!);
      logLoss -= label === 1 ? Math.log(p) : Math.log(1 - p);
      if ((outputs[i]! > 0.5 ? 1 : 0) === label) correct++;
    } else {
      logLoss -= Math.log(clip(outputs[i * classes + label]!));
      if (argmax(outputs, i * classes, classes) === label) correct++;
    }
  }
  return { loss: logLoss / n, accuracy: correct / n };
}

function clip(p: number): number {
  return Math.min(1 - EPSILON, Math.max(EPSILON, p));
}

/**
 * The index of the largest of `count` values starting at `offset` (first one on ties).
 * @example
 * argmax(Float32Array.of(0.1, 0.7, 0.2), 0, 3); // 1
 */
export function argmax(values: Float32Array, offset: number, count: number): number {
  let best = 0;
  for (let j = 1; j < count; j++) if (values[offset + j]! > values[offset + best]!) best = j;
  return best;
}
