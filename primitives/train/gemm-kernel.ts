/**
 * One float32 matrix-product kernel in WebAssembly SIMD, for training small
 * dense networks on the host: C = A · B (+ bias) (then relu, then zeroed
 * where a mask is not positive), four output columns per vector, sixteen at
 * a time where there are that many (four independent accumulators keep the
 * adds from waiting on each other; a lone vector of columns splits its sum
 * four ways for the same reason). A is read through two strides, so the
 * same kernel multiplies by A or by Aᵀ, or by a broadcast row (step 0): the
 * forward pass, the kernel gradients (Xᵀ·δ) and the bias gradients (1ᵀ·δ)
 * are all this one loop. A step of a small network through tfjs costs its
 * ~50 kernel dispatches more than its arithmetic; here it is a few calls.
 *
 * Everything lives in the module's own memory (`Workspace`, workspace.ts): B, C, bias and
 * mask rows hold a multiple of four floats, 16-byte aligned; the caller pads.
 */
import { Code, I32, V128 } from "./wasm-emit";

/** Byte addresses and strides of one product (`Workspace.gemm`). */
export interface GemmCall {
  /** A(i, t) is the f32 at a + i * aRow + t * aStep. */
  a: number;
  aRow: number;
  aStep: number;
  /** B(t, ·) is the row of floats at b + t * bRow. */
  b: number;
  bRow: number;
  c: number;
  cRow: number;
  m: number;
  /** The summed dimension, at least 1. */
  k: number;
  /** Output columns / 4. */
  blocks: number;
  /** A row added to every output row, or 0 for none. */
  bias?: number;
  /** Output entries are kept where mask(i, ·) > 0 and zeroed elsewhere (relu's derivative), or 0 for none. */
  mask?: number;
  maskRow?: number;
  relu?: boolean;
}

const PARAMS = ["a", "aRow", "aStep", "b", "bRow", "c", "cRow", "m", "k", "blocks", "bias", "mask", "maskRow", "relu"] as const;

/**
 * The kernel's code (exported as "gemm" by the workspace's module).
 * @example
 * const bytes = buildModule({ gemm: buildGemm() }, 1);
 */
export function buildGemm(): Code {
  const code = new Code(PARAMS.map(() => I32));
  const [a, aRow, aStep, b, bRow, c, cRow, m, k, blocks, bias, mask, maskRow, relu] = PARAMS.map((_, i) => i) as number[] as [number, number, number, number, number, number, number, number, number, number, number, number, number, number];
  const [i, rowA, rowC, rowMask, col, end, pa, pb, left] = Array.from({ length: 9 }, () => code.local(I32)) as [number, number, number, number, number, number, number, number, number];
  const acc = Array.from({ length: 4 }, () => code.local(V128));
  const x = code.local(V128);

  /** acc[first + w] += A(i, t) * B(t, block w) for w < width, then on to t + 1. */
  const accumulate = (first: number, width: number) => {
    code.get(pa).loadSplat().set(x);
    for (let w = 0; w < width; w++) code.get(acc[first + w]!).get(x).get(pb).load(16 * w).fmul().fadd().set(acc[first + w]!);
    code.get(pa).get(aStep).add().set(pa);
    code.get(pb).get(bRow).add().set(pb);
  };

  /**
   * `width` column blocks (4 or 1) from byte column `col` of row i, then col += 16 * width.
   * Four blocks have four accumulators; one block splits the sum over t four ways instead, so
   * a narrow output (one or two units) does not wait on one long chain of dependent adds.
   */
  const emitTile = (width: number) => {
    for (const lane of acc) code.zero().set(lane);
    code.get(bias).if();
    for (let w = 0; w < width; w++) code.get(bias).get(col).add().load(16 * w).set(acc[w]!);
    code.end();
    code.get(rowA).set(pa).get(b).get(col).add().set(pb).get(k).set(left);
    if (width === 4) {
      code.loop();
      accumulate(0, 4);
      code.get(left).i32(1).sub().tee(left).brIf(0);
      code.end();
    } else {
      code.block().loop();
      code.get(left).i32(4).ltU().brIf(1);
      for (let w = 0; w < 4; w++) accumulate(w, 1);
      code.get(left).i32(4).sub().set(left);
      code.br(0);
      code.end().end();
      code.block().loop();
      code.get(left).eqz().brIf(1);
      accumulate(0, 1);
      code.get(left).i32(1).sub().set(left);
      code.br(0);
      code.end().end();
      code.get(acc[0]!).get(acc[1]!).fadd().get(acc[2]!).get(acc[3]!).fadd().fadd().set(acc[0]!);
    }
    code.get(relu).if();
    for (let w = 0; w < width; w++) code.zero().get(acc[w]!).pmax().set(acc[w]!);
    code.end();
    code.get(mask).if();
    for (let w = 0; w < width; w++) code.get(acc[w]!).get(rowMask).get(col).add().load(16 * w).zero().gt().and128().set(acc[w]!);
    code.end();
    for (let w = 0; w < width; w++) code.get(rowC).get(col).add().get(acc[w]!).store(16 * w);
    code.get(col).i32(16 * width).add().set(col);
  };

  code.get(k).eqz().if().br(1).end();
  code.get(blocks).i32(16).mul().set(end);
  code.get(a).set(rowA).get(c).set(rowC).get(mask).set(rowMask);
  code.block().loop();
  code.get(i).get(m).geU().brIf(1);
  code.i32(0).set(col);
  code.block().loop();
  code.get(col).get(end).geU().brIf(1);
  code.get(end).get(col).sub().i32(64).geU().if();
  emitTile(4);
  code.br(1); // back to the column loop: the if is one level, the loop the next
  code.end();
  emitTile(1);
  code.br(0);
  code.end().end();
  code.get(rowA).get(aRow).add().set(rowA);
  code.get(rowC).get(cRow).add().set(rowC);
  code.get(rowMask).get(maskRow).add().set(rowMask);
  code.get(i).i32(1).add().set(i);
  code.br(0);
  code.end().end();
  return code;
}
