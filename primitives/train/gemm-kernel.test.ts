import { describe, expect, it } from "vitest";
import { Workspace } from "./workspace";
import { createRandom } from "./random";

/** The naive triple loop the kernel must agree with, in double precision. */
function referenceProduct(
  a: (i: number, t: number) => number, b: Float32Array, m: number, k: number, n: number,
  options: { bias?: Float32Array; relu?: boolean; mask?: (i: number, j: number) => number } = {},
): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = options.bias ? options.bias[j]! : 0;
      for (let t = 0; t < k; t++) sum += a(i, t) * b[t * n + j]!;
      if (options.relu) sum = Math.max(0, sum);
      if (options.mask && !(options.mask(i, j) > 0)) sum = 0;
      out[i * n + j] = sum;
    }
  }
  return out;
}

function fill(view: Float32Array, seed: number): void {
  const random = createRandom(seed);
  for (let i = 0; i < view.length; i++) view[i] = random.next() * 2 - 1;
}

function expectClose(actual: Float32Array, expected: Float64Array): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThan(1e-4 * (1 + Math.abs(expected[i]!)));
}

describe("gemm kernel", () => {
  // 24 columns = one 16-wide tile and two single blocks; 4 and 8 only single blocks or one tile.
  it.each([[1, 1, 4], [3, 7, 8], [37, 20, 64], [5, 33, 24], [64, 256, 16]])("A·B + bias, relu, for %i x %i by %i columns", (m, k, n) => {
    const ws = new Workspace();
    const [a, b, bias, c] = [ws.alloc(m * k), ws.alloc(k * n), ws.alloc(n), ws.alloc(m * n)];
    const [av, bv, biasv] = [ws.view(a, m * k), ws.view(b, k * n), ws.view(bias, n)];
    fill(av, 1);
    fill(bv, 2);
    fill(biasv, 3);
    ws.gemm({ a, aRow: 4 * k, aStep: 4, b, bRow: 4 * n, c, cRow: 4 * n, m, k, blocks: n / 4 });
    expectClose(ws.view(c, m * n), referenceProduct((i, t) => av[i * k + t]!, bv, m, k, n));
    ws.gemm({ a, aRow: 4 * k, aStep: 4, b, bRow: 4 * n, c, cRow: 4 * n, m, k, blocks: n / 4, bias, relu: true });
    expectClose(ws.view(c, m * n), referenceProduct((i, t) => av[i * k + t]!, bv, m, k, n, { bias: biasv, relu: true }));
  });

  it("reads A transposed through its strides (Aᵀ·B, the kernel gradient) and masks by another matrix", () => {
    const [rows, inputs, units] = [50, 6, 12];
    const ws = new Workspace();
    const [x, d, mask, c] = [ws.alloc(rows * inputs), ws.alloc(rows * units), ws.alloc(inputs * units), ws.alloc(inputs * units)];
    const [xv, dv, maskv] = [ws.view(x, rows * inputs), ws.view(d, rows * units), ws.view(mask, inputs * units)];
    fill(xv, 4);
    fill(dv, 5);
    fill(maskv, 6);
    ws.gemm({ a: x, aRow: 4, aStep: 4 * inputs, b: d, bRow: 4 * units, c, cRow: 4 * units, m: inputs, k: rows, blocks: units / 4, mask, maskRow: 4 * units });
    expectClose(ws.view(c, inputs * units), referenceProduct((i, t) => xv[t * inputs + i]!, dv, inputs, rows, units, { mask: (i, j) => maskv[i * units + j]! }));
  });

  it("broadcasts one value with a zero step (column sums: the bias gradient)", () => {
    const [rows, units] = [300, 8];
    const ws = new Workspace();
    const [one, d, c] = [ws.alloc(1), ws.alloc(rows * units), ws.alloc(units)];
    ws.view(one, 1)[0] = 1;
    const dv = ws.view(d, rows * units);
    fill(dv, 7);
    ws.gemm({ a: one, aRow: 0, aStep: 0, b: d, bRow: 4 * units, c, cRow: 0, m: 1, k: rows, blocks: units / 4 });
    expectClose(ws.view(c, units), referenceProduct(() => 1, dv, 1, rows, units));
  });
});
