/**
 * Transposing a row-major float32 matrix inside the workspace, for the
 * logistic regression objective's rows-as-columns copy (linear-objective.ts):
 * written from JavaScript into a fresh wasm memory the same transpose took
 * about twice as long.
 */
import { Code, I32 } from "./wasm-emit";

/**
 * (source, rows, cols, target, stride): target[c * stride + r] = source[r * cols + c]; byte addresses, counts in floats.
 * @example
 * const bytes = buildModule({ transpose: buildTranspose() }, 1);
 */
export function buildTranspose(): Code {
  const code = new Code([I32, I32, I32, I32, I32]);
  const [source, rows, cols, target, stride] = [0, 1, 2, 3, 4];
  const [r, c, from, to, strideBytes] = [code.local(I32), code.local(I32), code.local(I32), code.local(I32), code.local(I32)];
  code.get(stride).i32(4).mul().set(strideBytes);
  code.get(source).set(from);
  code.block().loop();
  code.get(r).get(rows).geU().brIf(1);
  code.get(target).get(r).i32(4).mul().add().set(to);
  code.i32(0).set(c);
  code.block().loop();
  code.get(c).get(cols).geU().brIf(1);
  code.get(to).get(from).loadFloat().storeFloat();
  code.get(from).i32(4).add().set(from);
  code.get(to).get(strideBytes).add().set(to);
  code.get(c).i32(1).add().set(c);
  code.br(0);
  code.end().end();
  code.get(r).i32(1).add().set(r);
  code.br(0);
  code.end().end();
  return code;
}
