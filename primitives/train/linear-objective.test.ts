import { describe, expect, it } from "vitest";
import { createLinearObjective } from "./linear-objective";
import type { LoopData } from "./loop";
import type { Task } from "./metrics";
import { createRandom } from "./random";

const MAX_RESIDUAL = 1 - 1e-7;

/** The objective written out naively in double precision: mean (weighted) loss + l2 |kernel|², its gradient, loss and metric. */
function referenceEvaluate(task: Task, outputs: number, data: LoopData, l2: number, theta: Float64Array) {
  const { rows: n, cols: inputs, values } = data.x;
  const gradient = new Float64Array(theta.length);
  let [loss, weighted, metric] = [0, 0, 0];
  for (let r = 0; r < n; r++) {
    const z = Array.from({ length: outputs }, (_, o) => {
      let sum = theta[inputs * outputs + o]!;
      for (let c = 0; c < inputs; c++) sum += values[r * inputs + c]! * theta[c * outputs + o]!;
      return sum;
    });
    const w = data.sampleWeights ? data.sampleWeights[r]! : 1;
    const y = data.targets[r]!;
    let rowLoss: number;
    let residual: number[];
    if (task === "regression") {
      rowLoss = (z[0]! - y) ** 2;
      metric += Math.abs(z[0]! - y);
      residual = [2 * (z[0]! - y)];
    } else if (task === "binary") {
      const p = 1 / (1 + Math.exp(-z[0]!));
      rowLoss = -Math.log(1 - Math.min(Math.abs(p - y), MAX_RESIDUAL));
      if ((p > 0.5 ? 1 : 0) === y) metric++;
      residual = [p - y];
    } else {
      const max = Math.max(...z);
      const e = z.map((v) => Math.exp(v - max));
      const total = e.reduce((a, b) => a + b, 0);
      const p = e.map((v) => v / total);
      rowLoss = -Math.log(Math.min(Math.max(p[y]!, 1 - MAX_RESIDUAL), MAX_RESIDUAL));
      if (z.indexOf(max) === y) metric++;
      residual = p.map((v, o) => v - (o === y ? 1 : 0));
    }
    loss += rowLoss;
    weighted += w * rowLoss;
    for (let o = 0; o < outputs; o++) {
      for (let c = 0; c < inputs; c++) gradient[c * outputs + o]! += (w * residual[o]! * values[r * inputs + c]!) / n;
      gradient[inputs * outputs + o]! += (w * residual[o]!) / n;
    }
  }
  let penalty = 0;
  for (let j = 0; j < inputs * outputs; j++) {
    penalty += theta[j]! ** 2;
    gradient[j]! += 2 * l2 * theta[j]!;
  }
  return { value: weighted / n + l2 * penalty, gradient, loss: loss / n, metric: metric / n };
}

/** More rows than one chunk of the objective (4096), not a multiple of 16, 7 features. */
function makeData(task: Task, classes: number, weighted: boolean): LoopData {
  const [rows, cols] = [9_001, 7];
  const random = createRandom(3);
  const values = Float32Array.from({ length: rows * cols }, () => random.next() * 4 - 2);
  const targets = task === "multiclass"
    ? Int32Array.from({ length: rows }, () => Math.floor(random.next() * classes))
    : Float32Array.from({ length: rows }, (_, i) => (task === "binary" ? (values[i * cols]! + random.next() - 0.5 > 0 ? 1 : 0) : values[i * cols]! * 2 + random.next()));
  const sampleWeights = weighted ? Float32Array.from({ length: rows }, (_, i) => 0.5 + (i % 4)) : null;
  return { x: { rows, cols, values, columns: Array.from({ length: cols }, (_, i) => `x${i}`) }, targets, sampleWeights };
}

describe("linear objective", () => {
  it.each([
    { task: "binary" as Task, outputs: 1, weighted: false, l2: 0 },
    { task: "binary" as Task, outputs: 1, weighted: true, l2: 0.01 },
    { task: "regression" as Task, outputs: 1, weighted: false, l2: 0.001 },
    { task: "multiclass" as Task, outputs: 3, weighted: true, l2: 0 },
  ])("matches the naive double-precision objective and gradient: $task, weighted $weighted, l2 $l2", ({ task, outputs, weighted, l2 }) => {
    const data = makeData(task, outputs, weighted);
    const objective = createLinearObjective(task, outputs, data, l2);
    try {
      const random = createRandom(5);
      const theta = Float64Array.from({ length: objective.parameters }, () => random.next() - 0.5);
      const mine = objective.evaluate(theta);
      const reference = referenceEvaluate(task, outputs, data, l2, theta);
      expect(mine.value).toBeCloseTo(reference.value, 5);
      expect(mine.loss).toBeCloseTo(reference.loss, 5);
      expect(mine.metric).toBeCloseTo(reference.metric, 5);
      for (let j = 0; j < theta.length; j++) expect(mine.gradient[j]!).toBeCloseTo(reference.gradient[j]!, 4);
      expect(objective.score(theta)).toEqual({ loss: mine.loss, metric: mine.metric });
    } finally {
      objective.dispose();
    }
  });
});
