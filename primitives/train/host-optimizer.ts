/**
 * The training optimizers as plain loops over one flat float32 parameter
 * array, for the host trainer (host-trainer.ts): the same update rules and
 * defaults as the tfjs optimizers of optimizer.ts (tfjs's epsilon 1e-7,
 * Adam's betas 0.9/0.999, momentum 0.9, RMSProp's decay 0.9, Adagrad's
 * initial accumulator 0.1), so a run means the same on either trainer. A
 * step of a small network updates a few thousand numbers; as one loop on
 * the host that is microseconds, as tfjs ops a dozen kernel dispatches.
 */
import type { OptimizerName } from "./optimizer";

const EPSILON = 1e-7;

export interface HostOptimizer {
  /** One update of `params` from `grads` (same length as at creation). */
  apply(params: Float32Array, grads: Float32Array): void;
  setLearningRate(rate: number): void;
}

/**
 * A fresh optimizer for `size` parameters.
 * @example
 * const optimizer = createHostOptimizer("adam", 0.001, params.length);
 * optimizer.apply(params, grads);
 */
export function createHostOptimizer(name: OptimizerName, learningRate: number, size: number): HostOptimizer {
  let rate = learningRate;
  const setLearningRate = (next: number) => { rate = next; };
  switch (name) {
    case "sgd":
      return { setLearningRate, apply(p, g) { for (let i = 0; i < size; i++) p[i] = p[i]! - rate * g[i]!; } };
    case "momentum": {
      const accumulation = new Float32Array(size);
      return {
        setLearningRate,
        apply(p, g) {
          for (let i = 0; i < size; i++) {
            const a = 0.9 * accumulation[i]! + g[i]!;
            accumulation[i] = a;
            p[i] = p[i]! - rate * a;
          }
        },
      };
    }
    case "adam": {
      const [m, v] = [new Float32Array(size), new Float32Array(size)];
      let [beta1Power, beta2Power] = [1, 1];
      return {
        setLearningRate,
        apply(p, g) {
          beta1Power *= 0.9;
          beta2Power *= 0.999;
          const [c1, c2] = [1 - beta1Power, 1 - beta2Power];
          for (let i = 0; i < size; i++) {
            const gi = g[i]!;
            const mi = 0.9 * m[i]! + 0.1 * gi;
            const vi = 0.999 * v[i]! + 0.001 * gi * gi;
            m[i] = mi;
            v[i] = vi;
            p[i] = p[i]! - rate * (mi / c1) / (Math.sqrt(vi / c2) + EPSILON);
          }
        },
      };
    }
    case "rmsprop": {
      const meanSquare = new Float32Array(size);
      return {
        setLearningRate,
        apply(p, g) {
          for (let i = 0; i < size; i++) {
            const s = 0.9 * meanSquare[i]! + 0.1 * g[i]! * g[i]!;
            meanSquare[i] = s;
            p[i] = p[i]! - (rate * g[i]!) / Math.sqrt(s + EPSILON);
          }
        },
      };
    }
    case "adagrad": {
      const accumulated = new Float32Array(size).fill(0.1);
      return {
        setLearningRate,
        apply(p, g) {
          for (let i = 0; i < size; i++) {
            const a = accumulated[i]! + g[i]! * g[i]!;
            accumulated[i] = a;
            p[i] = p[i]! - (rate * g[i]!) / Math.sqrt(a + EPSILON);
          }
        },
      };
    }
  }
}
