/**
 * Limited-memory BFGS on a smooth objective, in double precision on the host
 * (the parameters of a linear model are few; the objective's cost is in the
 * data, which the caller evaluates however it likes). The stopping rules are
 * scipy's L-BFGS-B as scikit-learn sets them: the largest gradient component
 * at most `gtol` (sklearn's `tol`, default 1e-4), at most `maxIter`
 * iterations, or a relative decrease of the objective below `ftol`. Steps
 * come from a backtracking line search with the Armijo condition; a pair
 * (s, y) is kept only when sᵀy > 0, so the inverse Hessian stays positive definite.
 */

export interface Evaluation {
  value: number;
  gradient: Float64Array;
}

/** The objective and its gradient at a point. */
export type Objective = (theta: Float64Array) => Evaluation;

export interface LbfgsSettings {
  maxIter: number;
  /** Stop when max |gradient_i| <= gtol. */
  gtol: number;
  /** Stop when (f_old - f_new) / max(|f_old|, |f_new|, 1) <= ftol. */
  ftol: number;
  /** Correction pairs kept (scipy's default 10). */
  memory?: number;
  /** Called after each iteration with its point; resolving false stops the solver ("stopped"). */
  onIteration?: (iteration: number, theta: Float64Array, evaluation: Evaluation, step: number) => Promise<boolean> | boolean;
}

export type LbfgsStop = "converged" | "max_iter" | "no_progress" | "line_search" | "stopped";

export interface LbfgsResult {
  theta: Float64Array;
  evaluation: Evaluation;
  iterations: number;
  reason: LbfgsStop;
}

const ARMIJO = 1e-4;
const MAX_BACKTRACKS = 30;

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

function maxAbs(a: Float64Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]!));
  return max;
}

/** The search direction -H g by the two-loop recursion over the kept pairs. */
function direction(gradient: Float64Array, pairs: ReadonlyArray<{ s: Float64Array; y: Float64Array; rho: number }>): Float64Array {
  const q = Float64Array.from(gradient);
  const alphas = new Float64Array(pairs.length);
  for (let i = pairs.length - 1; i >= 0; i--) {
    const { s, y, rho } = pairs[i]!;
    const alpha = rho * dot(s, q);
    alphas[i] = alpha;
    for (let j = 0; j < q.length; j++) q[j]! -= alpha * y[j]!;
  }
  if (pairs.length > 0) {
    const { s, y } = pairs[pairs.length - 1]!;
    const gamma = dot(s, y) / dot(y, y);
    for (let j = 0; j < q.length; j++) q[j]! *= gamma;
  }
  for (let i = 0; i < pairs.length; i++) {
    const { s, y, rho } = pairs[i]!;
    const beta = rho * dot(y, q);
    for (let j = 0; j < q.length; j++) q[j]! += s[j]! * (alphas[i]! - beta);
  }
  for (let j = 0; j < q.length; j++) q[j] = -q[j]!;
  return q;
}

/**
 * Minimizes `objective` from `theta0`.
 * @example
 * const { theta } = await minimizeLbfgs(Float64Array.of(0, 0), (t) => ({ value: (t[0]! - 1) ** 2 + t[1]! ** 2, gradient: Float64Array.of(2 * (t[0]! - 1), 2 * t[1]!) }), { maxIter: 100, gtol: 1e-6, ftol: 0 });
 */
export async function minimizeLbfgs(theta0: Float64Array, objective: Objective, settings: LbfgsSettings): Promise<LbfgsResult> {
  const memory = settings.memory ?? 10;
  let theta = Float64Array.from(theta0);
  let current = objective(theta);
  const pairs: Array<{ s: Float64Array; y: Float64Array; rho: number }> = [];
  if (maxAbs(current.gradient) <= settings.gtol) return { theta, evaluation: current, iterations: 0, reason: "converged" };
  for (let iteration = 1; iteration <= settings.maxIter; iteration++) {
    let d = direction(current.gradient, pairs);
    let slope = dot(current.gradient, d);
    if (!(slope < 0)) {
      // Not a descent direction (curvature information gone stale): start over from steepest descent.
      pairs.length = 0;
      d = direction(current.gradient, pairs);
      slope = dot(current.gradient, d);
    }
    // The first step is scaled to the gradient's size, as scipy does; later ones start at the quasi-Newton step.
    let step = pairs.length === 0 ? Math.min(1, 1 / Math.sqrt(dot(current.gradient, current.gradient))) : 1;
    let next: Evaluation | null = null;
    let candidate = theta;
    for (let tries = 0; tries < MAX_BACKTRACKS; tries++) {
      candidate = theta.map((t, j) => t + step * d[j]!);
      const trial = objective(candidate);
      if (Number.isFinite(trial.value) && trial.value <= current.value + ARMIJO * step * slope) {
        next = trial;
        break;
      }
      // The minimum of the quadratic through f(0), f'(0) and f(step), kept within [0.1, 0.5] of the step.
      const fitted = Number.isFinite(trial.value) ? (-slope * step * step) / (2 * (trial.value - current.value - slope * step)) : step / 2;
      step = Math.min(0.5 * step, Math.max(0.1 * step, fitted));
    }
    if (next === null) return { theta, evaluation: current, iterations: iteration - 1, reason: "line_search" };
    const s = candidate.map((t, j) => t - theta[j]!);
    const y = next.gradient.map((g, j) => g - current.gradient[j]!);
    const sy = dot(s, y);
    if (sy > 1e-10 * dot(y, y)) {
      pairs.push({ s, y, rho: 1 / sy });
      if (pairs.length > memory) pairs.shift();
    }
    const previous = current.value;
    theta = candidate;
    current = next;
    if (settings.onIteration && !(await settings.onIteration(iteration, theta, current, step))) {
      return { theta, evaluation: current, iterations: iteration, reason: "stopped" };
    }
    if (maxAbs(current.gradient) <= settings.gtol) return { theta, evaluation: current, iterations: iteration, reason: "converged" };
    if ((previous - current.value) / Math.max(Math.abs(previous), Math.abs(current.value), 1) <= settings.ftol) {
      return { theta, evaluation: current, iterations: iteration, reason: "no_progress" };
    }
  }
  return { theta, evaluation: current, iterations: settings.maxIter, reason: "max_iter" };
}
