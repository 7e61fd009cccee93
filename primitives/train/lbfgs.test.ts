import { describe, expect, it } from "vitest";
import { minimizeLbfgs, type Objective } from "./lbfgs";

/** Rosenbrock's banana: minimum 0 at (1, 1), a curved valley plain descent crawls along. */
const rosenbrock: Objective = (t) => {
  const [a, b] = [t[0]!, t[1]!];
  return { value: (1 - a) ** 2 + 100 * (b - a * a) ** 2, gradient: Float64Array.of(-2 * (1 - a) - 400 * a * (b - a * a), 200 * (b - a * a)) };
};

describe("minimizeLbfgs", () => {
  it("finds Rosenbrock's minimum to the gradient tolerance", async () => {
    const result = await minimizeLbfgs(Float64Array.of(-1.2, 1), rosenbrock, { maxIter: 200, gtol: 1e-8, ftol: 0 });
    expect(result.reason).toBe("converged");
    expect(result.theta[0]).toBeCloseTo(1, 6);
    expect(result.theta[1]).toBeCloseTo(1, 6);
    expect(result.iterations).toBeLessThan(100);
  });

  it("solves an ill-conditioned quadratic in a few iterations per dimension", async () => {
    // f = 0.5 xᵀAx - bᵀx with A = diag(1..8): minimum at x_i = b_i / i.
    const b = Float64Array.from({ length: 8 }, (_, i) => i + 1);
    const quadratic: Objective = (x) => ({
      value: x.reduce((sum, xi, i) => sum + 0.5 * (i + 1) * xi * xi - b[i]! * xi, 0),
      gradient: x.map((xi, i) => (i + 1) * xi - b[i]!),
    });
    const result = await minimizeLbfgs(new Float64Array(8), quadratic, { maxIter: 50, gtol: 1e-7, ftol: 0 });
    expect(result.reason).toBe("converged");
    for (const xi of result.theta) expect(xi).toBeCloseTo(1, 7);
    expect(result.iterations).toBeLessThanOrEqual(20);
  });

  it("stops at maxIter, when the callback says so, and at once on a zero gradient", async () => {
    expect(await minimizeLbfgs(Float64Array.of(-1.2, 1), rosenbrock, { maxIter: 3, gtol: 1e-8, ftol: 0 })).toMatchObject({ reason: "max_iter", iterations: 3 });
    const seen: number[] = [];
    const stopped = await minimizeLbfgs(Float64Array.of(-1.2, 1), rosenbrock, { maxIter: 50, gtol: 1e-8, ftol: 0, onIteration: (i) => (seen.push(i), i < 2) });
    expect(stopped).toMatchObject({ reason: "stopped", iterations: 2 });
    expect(seen).toEqual([1, 2]);
    expect(await minimizeLbfgs(Float64Array.of(1, 1), rosenbrock, { maxIter: 5, gtol: 1e-8, ftol: 0 })).toMatchObject({ reason: "converged", iterations: 0 });
  });
});
