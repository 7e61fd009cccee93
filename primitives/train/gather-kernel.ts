/**
 * Copying a batch's rows out of the resident training matrix in the order
 * of the epoch's shuffle, inside the workspace (memory.copy per row): one
 * call per batch instead of a typed-array copy per row from JavaScript.
 */
import { Code, I32 } from "./wasm-emit";

/**
 * (source, rowBytes, indices, count, target): row indices[i] (an i32 at indices + 4 i) of the matrix
 * at `source` into row i at `target`, for i < count; byte addresses.
 * @example
 * const bytes = buildModule({ gatherRows: buildGatherRows() }, 1);
 */
export function buildGatherRows(): Code {
  const code = new Code([I32, I32, I32, I32, I32]);
  const [source, rowBytes, indices, count, target] = [0, 1, 2, 3, 4];
  const [i, at, to] = [code.local(I32), code.local(I32), code.local(I32)];
  code.get(indices).set(at).get(target).set(to);
  code.block().loop();
  code.get(i).get(count).geU().brIf(1);
  code.get(to).get(source).get(at).loadInt().get(rowBytes).mul().add().get(rowBytes).copy();
  code.get(at).i32(4).add().set(at);
  code.get(to).get(rowBytes).add().set(to);
  code.get(i).i32(1).add().set(i);
  code.br(0);
  code.end().end();
  return code;
}
