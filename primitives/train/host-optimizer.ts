/**
 * The training optimizers over one flat float32 parameter array in a
 * workspace, for the host trainer (host-trainer.ts): Adam (the default) by
 * the SIMD kernel of adam-kernel.ts, the others as plain loops; the same update rules and
 * defaults as the tfjs optimizers of optimizer.ts (tfjs's epsilon 1e-7,
 * Adam's betas 0.9/0.999, momentum 0.9, RMSProp's decay 0.9, Adagrad's
 * initial accumulator 0.1), so a run means the same on either trainer. A
 * step of a small network updates a few thousand numbers; as one loop on
 * the host that is microseconds, as tfjs ops a dozen kernel dispatches.
 */
import type { OptimizerName } from "./optimizer";
import type { Workspace } from "./workspace";

const EPSILON = 1e-7;

export interface HostOptimizer {
  /** One update of the parameters from their gradients. */
  apply(): void;
  setLearningRate(rate: number): void;
}

/** An update rule on views of the parameters and gradients. */
type Rule = (p: Float32Array, g: Float32Array) => void;

/**
 * A fresh optimizer for the `size` floats at byte address `params` of `ws`,
 * whose gradients are at `grads` (its state is allocated in `ws`).
 * @example
 * const optimizer = createHostOptimizer("adam", 0.001, ws, paramsAt, gradsAt, size);
 * optimizer.apply();
 */
export function createHostOptimizer(name: OptimizerName, learningRate: number, ws: Workspace, params: number, grads: number, size: number): HostOptimizer {
  let rate = learningRate;
  const setLearningRate = (next: number) => { rate = next; };
  if (name === "adam") {
    const [m, v] = [ws.alloc(size), ws.alloc(size)];
    let [beta1Power, beta2Power] = [1, 1];
    return {
      setLearningRate,
      apply() {
        beta1Power *= 0.9;
        beta2Power *= 0.999;
        ws.adam(params, grads, m, v, size, rate, 1 - beta1Power, 1 - beta2Power);
      },
    };
  }
  const rule = createRule(name, () => rate, size);
  return { setLearningRate, apply: () => rule(ws.view(params, size), ws.view(grads, size)) };
}

function createRule(name: Exclude<OptimizerName, "adam">, rateOf: () => number, size: number): Rule {
  switch (name) {
    case "sgd":
      return (p, g) => {
        const rate = rateOf();
        for (let i = 0; i < size; i++) p[i] = p[i]! - rate * g[i]!;
      };
    case "momentum": {
      const accumulation = new Float32Array(size);
      return (p, g) => {
        const rate = rateOf();
        for (let i = 0; i < size; i++) {
          const a = 0.9 * accumulation[i]! + g[i]!;
          accumulation[i] = a;
          p[i] = p[i]! - rate * a;
        }
      };
    }
    case "rmsprop": {
      const meanSquare = new Float32Array(size);
      return (p, g) => {
        const rate = rateOf();
        for (let i = 0; i < size; i++) {
          const s = 0.9 * meanSquare[i]! + 0.1 * g[i]! * g[i]!;
          meanSquare[i] = s;
          p[i] = p[i]! - (rate * g[i]!) / Math.sqrt(s + EPSILON);
        }
      };
    }
    case "adagrad": {
      const accumulated = new Float32Array(size).fill(0.1);
      return (p, g) => {
        const rate = rateOf();
        for (let i = 0; i < size; i++) {
          const a = accumulated[i]! + g[i]! * g[i]!;
          accumulated[i] = a;
          p[i] = p[i]! - (rate * g[i]!) / Math.sqrt(a + EPSILON);
        }
      };
    }
  }
}
