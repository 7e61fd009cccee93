/**
 * One Adam update of a flat float32 parameter array in WebAssembly SIMD,
 * the default optimizer's step for the host trainer (host-optimizer.ts):
 * tfjs's update rule and defaults (betas 0.9 and 0.999, epsilon 1e-7), in
 * float32 as tfjs computes it, four parameters a vector.
 */
import { Code, F32, I32, V128 } from "./wasm-emit";

/**
 * (params, grads, m, v, count, rate, c1, c2): with g the gradient,
 * m = 0.9 m + 0.1 g, v = 0.999 v + 0.001 g², params -= rate (m / c1) / (sqrt(v / c2) + 1e-7),
 * c1 = 1 - 0.9^t and c2 = 1 - 0.999^t; `count` floats (a multiple of 4) at each byte address.
 * @example
 * const bytes = buildModule({ adam: buildAdam() }, 1);
 */
export function buildAdam(): Code {
  const code = new Code([I32, I32, I32, I32, I32, F32, F32, F32]);
  const [params, grads, m, v, count, rate, c1, c2] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [offset, end] = [code.local(I32), code.local(I32)];
  const [g, mi, vi] = [code.local(V128), code.local(V128), code.local(V128)];
  code.get(count).i32(4).mul().set(end);
  code.block().loop();
  code.get(offset).get(end).geU().brIf(1);
  code.get(grads).get(offset).add().load().set(g);
  code.get(m).get(offset).add().load().splat(0.9).fmul().get(g).splat(0.1).fmul().fadd().set(mi);
  code.get(v).get(offset).add().load().splat(0.999).fmul().get(g).get(g).fmul().splat(0.001).fmul().fadd().set(vi);
  code.get(m).get(offset).add().get(mi).store();
  code.get(v).get(offset).add().get(vi).store();
  code.get(params).get(offset).add();
  code.get(params).get(offset).add().load();
  code.get(mi).get(c1).splatTop().fdiv();
  code.get(vi).get(c2).splatTop().fdiv().fsqrt().splat(1e-7).fadd();
  code.fdiv().get(rate).splatTop().fmul().fsub();
  code.store();
  code.get(offset).i32(16).add().set(offset);
  code.br(0);
  code.end().end();
  return code;
}
