/**
 * Dot products of one vector with each row of a matrix, in WebAssembly SIMD:
 * the logistic regression gradient Xᵀ r from the rows-as-columns copy the
 * forward product reads (linear-objective.ts), so the data is held once.
 * Four accumulators (sixteen floats a round) keep the adds from waiting on
 * each other; the four lanes of each row's sum are left to the caller, who
 * adds them in double precision.
 */
import { Code, I32, V128 } from "./wasm-emit";

/**
 * (a, aRow, v, out, m, count): for each of m rows at a + i * aRow, the four
 * lane sums of row · v over `count` floats (a multiple of 16) into out + 16 i; byte addresses.
 * @example
 * const bytes = buildModule({ rowDots: buildRowDots() }, 1);
 */
export function buildRowDots(): Code {
  const code = new Code([I32, I32, I32, I32, I32, I32]);
  const [a, aRow, v, out, m, count] = [0, 1, 2, 3, 4, 5];
  const [i, row, offset, end] = [code.local(I32), code.local(I32), code.local(I32), code.local(I32)];
  const acc = [code.local(V128), code.local(V128), code.local(V128), code.local(V128)];
  code.get(count).i32(4).mul().set(end);
  code.get(a).set(row);
  code.block().loop();
  code.get(i).get(m).geU().brIf(1);
  for (const lane of acc) code.zero().set(lane);
  code.i32(0).set(offset);
  code.block().loop();
  code.get(offset).get(end).geU().brIf(1);
  acc.forEach((lane, w) => {
    code.get(lane).get(row).get(offset).add().load(16 * w).get(v).get(offset).add().load(16 * w).fmul().fadd().set(lane);
  });
  code.get(offset).i32(64).add().set(offset);
  code.br(0);
  code.end().end();
  code.get(out).get(i).i32(16).mul().add();
  code.get(acc[0]!).get(acc[1]!).fadd().get(acc[2]!).get(acc[3]!).fadd().fadd();
  code.store();
  code.get(row).get(aRow).add().set(row);
  code.get(i).i32(1).add().set(i);
  code.br(0);
  code.end().end();
  return code;
}
