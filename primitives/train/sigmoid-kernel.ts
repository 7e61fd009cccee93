/**
 * The logistic residual sigmoid(z) - y four rows at a time in WebAssembly
 * SIMD, for the logistic regression objective (linear-objective.ts): a
 * polynomial exp (Cephes' expf: range reduction by ln 2, a degree-5
 * polynomial, the power of two built in the exponent bits), accurate to a
 * couple of float32 ulps, where a Math.exp per row cost more than the
 * products of the whole evaluation.
 */
import { Code, I32, V128 } from "./wasm-emit";

const LOG2E = 1.44269504088896341;
const ROUNDER = 12582912;
/** ln 2 split in two, so n * LN2_HIGH is exact in float32. */
const LN2_HIGH = 0.693359375;
const LN2_LOW = -2.12194440e-4;
const POLYNOMIAL = [1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1];

/**
 * (z, y, r, count, hits): r[i] = 1 / (1 + exp(-z[i])) - y[i] for i < count
 * (a multiple of 4), byte addresses; and into the four i32 lanes at `hits`,
 * how many rows were classified right (p > 0.5 is class 1: r > -0.5 where
 * y = 1, r <= 0.5 where y = 0), counted without a branch per row.
 * @example
 * const bytes = buildModule({ sigmoidResidual: buildSigmoidResidual() }, 1);
 */
export function buildSigmoidResidual(): Code {
  const code = new Code([I32, I32, I32, I32, I32]);
  const [z, y, r, count, hits] = [0, 1, 2, 3, 4];
  const [offset, end] = [code.local(I32), code.local(I32)];
  const [x, n, p, residual, right, t] = [code.local(V128), code.local(V128), code.local(V128), code.local(V128), code.local(V128), code.local(V128)];
  code.get(count).i32(4).mul().set(end);
  code.block().loop();
  code.get(offset).get(end).geU().brIf(1);
  // x = -z, kept where exp neither overflows nor leaves the normal range.
  code.zero().get(z).get(offset).add().load().fsub().splat(88.3).pmin().splat(-87.3).pmax().set(x);
  // n = round(x log2 e): adding 1.5 * 2^23 rounds to an integer, which then sits in t's low mantissa bits.
  code.get(x).splat(LOG2E).fmul().splat(ROUNDER).fadd().set(t);
  code.get(t).splat(ROUNDER).fsub().set(n);
  code.get(x).get(n).splat(LN2_HIGH).fmul().fsub().get(n).splat(LN2_LOW).fmul().fsub().set(x);
  code.splat(POLYNOMIAL[0]!).set(p);
  for (const c of POLYNOMIAL.slice(1)) code.get(p).get(x).fmul().splat(c).fadd().set(p);
  // p * x^2 + x + 1, times 2^n from the bits (n + 127) << 23: t's bits are those of 1.5 * 2^23 plus n, and
  // the shift drops everything of 1.5 * 2^23's bits but n's.
  code.get(p).get(x).get(x).fmul().fmul().get(x).fadd().splat(1).fadd();
  code.get(t).splatInt(127).iadd().i32(23).shiftLeft().fmul();
  code.set(p);
  code.get(y).get(offset).add().load().set(x);
  code.splat(1).splat(1).get(p).fadd().fdiv().get(x).fsub().set(residual);
  code.get(r).get(offset).add().get(residual).store();
  // Comparison lanes are all ones (-1 as an i32) where true.
  code.get(right);
  code.get(residual).splat(-0.5).gt().get(residual).splat(0.5).le().get(x).splat(1).eq().select();
  code.isub().set(right);
  code.get(offset).i32(16).add().set(offset);
  code.br(0);
  code.end().end();
  code.get(hits).get(right).store();
  return code;
}
