/**
 * A private wasm memory with the training kernels over it: the product
 * (gemm-kernel.ts), row dot products (dot-kernel.ts), the logistic
 * residual (sigmoid-kernel.ts), batch gathering (gather-kernel.ts), the
 * Adam update (adam-kernel.ts) and a transpose (transpose-kernel.ts), compiled
 * once per process, one instance (one memory) per workspace.
 */
import { buildAdam } from "./adam-kernel";
import { buildRowDots } from "./dot-kernel";
import { buildGatherRows } from "./gather-kernel";
import { buildGemm, type GemmCall } from "./gemm-kernel";
import { buildSigmoidResidual } from "./sigmoid-kernel";
import { buildTranspose } from "./transpose-kernel";
import { buildModule } from "./wasm-emit";

let compiled: WebAssembly.Module | null = null;

const PAGE = 65536;

/**
 * Released workspaces up to this size are kept (one) for the next fit: the
 * first touch of fresh memory is a page fault per 4 KiB, which in this VM
 * cost more than the logistic fit's arithmetic (about 0.5 ms per MB).
 */
const KEEP_BYTES = 64 * 1024 * 1024;
let idle: Workspace | null = null;

/**
 * A private wasm memory and the kernels over it. Allocate every buffer first
 * (`alloc`), then take views (`view`): growing the memory detaches earlier
 * views. `acquireWorkspace` reuses a released one's memory.
 * @example
 * const ws = new Workspace();
 * const [a, b, c] = [ws.alloc(8), ws.alloc(8), ws.alloc(4)];
 * ws.view(a, 8).set([1, 2, 3, 4, 5, 6, 7, 8]);
 */
export class Workspace {
  private readonly memory: WebAssembly.Memory;
  private readonly kernel: (...args: number[]) => void;
  private readonly sigmoid: (z: number, y: number, r: number, count: number, hits: number) => void;
  private readonly dots: (a: number, aRow: number, v: number, out: number, m: number, count: number) => void;
  private readonly gather: (source: number, rowBytes: number, indices: number, count: number, target: number) => void;
  private readonly transposer: (source: number, rows: number, cols: number, target: number, stride: number) => void;
  private readonly adamStep: (params: number, grads: number, m: number, v: number, count: number, rate: number, c1: number, c2: number) => void;
  /** Address 0 stays unused: it means "none" for bias and mask. */
  private top = 16;
  /** Bytes below this were written by an earlier user (alloc zeroes them again); above, the memory is as grown: zero. */
  private dirty = 0;

  /** `floats`: the room to reserve at once (growing a memory in steps copies it each time). */
  constructor(floats = 0) {
    compiled ??= new WebAssembly.Module(buildModule({ gemm: buildGemm(), sigmoidResidual: buildSigmoidResidual(), rowDots: buildRowDots(), gatherRows: buildGatherRows(), adam: buildAdam(), transpose: buildTranspose() }, 1));
    const instance = new WebAssembly.Instance(compiled);
    this.memory = instance.exports.memory as WebAssembly.Memory;
    this.kernel = instance.exports.gemm as (...args: number[]) => void;
    this.sigmoid = instance.exports.sigmoidResidual as (z: number, y: number, r: number, count: number, hits: number) => void;
    this.dots = instance.exports.rowDots as (a: number, aRow: number, v: number, out: number, m: number, count: number) => void;
    this.gather = instance.exports.gatherRows as (source: number, rowBytes: number, indices: number, count: number, target: number) => void;
    this.transposer = instance.exports.transpose as (source: number, rows: number, cols: number, target: number, stride: number) => void;
    this.adamStep = instance.exports.adam as (params: number, grads: number, m: number, v: number, count: number, rate: number, c1: number, c2: number) => void;
    this.reserve(floats);
  }

  /** Room for `floats` float32s (zeroed), 16-byte aligned; its byte address. */
  alloc(floats: number): number {
    const address = this.top;
    this.top += Math.ceil(floats / 4) * 16;
    const short = this.top - this.memory.buffer.byteLength;
    if (short > 0) this.memory.grow(Math.ceil(short / PAGE));
    if (address < this.dirty) new Uint8Array(this.memory.buffer, address, Math.min(this.top, this.dirty) - address).fill(0);
    return address;
  }

  /** Makes room for `floats` more float32s without detaching views later (one grow instead of several). */
  reserve(floats: number): void {
    const short = this.top + floats * 4 + 16 * 64 - this.memory.buffer.byteLength;
    if (short > 0) this.memory.grow(Math.ceil(short / PAGE));
  }

  /** Hands the memory back for the next `acquireWorkspace` (kept if small enough); the workspace must not be used after. */
  release(): void {
    if (this.memory.buffer.byteLength > KEEP_BYTES) return;
    this.dirty = Math.max(this.dirty, this.top);
    this.top = 16;
    if (idle === null || idle.memory.buffer.byteLength < this.memory.buffer.byteLength) idle = this;
  }

  /** Bytes in use (allocated). */
  get size(): number {
    return this.top;
  }

  /** The floats at a byte address (valid until the next alloc that grows the memory). */
  view(address: number, floats: number): Float32Array {
    return new Float32Array(this.memory.buffer, address, floats);
  }

  /** C = A · B (+ bias) (relu) (masked); see GemmCall. */
  gemm(call: GemmCall): void {
    if (call.m <= 0 || call.blocks <= 0) return;
    this.kernel(call.a, call.aRow, call.aStep, call.b, call.bRow, call.c, call.cRow, call.m, call.k, call.blocks, call.bias ?? 0, call.mask ?? 0, call.maskRow ?? 0, call.relu ? 1 : 0);
  }


  /**
   * r = sigmoid(z) - y over `count` floats, rounded up to a multiple of 4, at byte addresses z, y, r; the
   * rows classified right (p > 0.5 is class 1) counted into four i32 lanes at `hits`, padding rows included.
   */
  sigmoidResidual(z: number, y: number, r: number, count: number, hits: number): void {
    if (count > 0) this.sigmoid(z, y, r, Math.ceil(count / 4) * 4, hits);
  }

  /**
   * Row i of the m rows at a (byte stride aRow) dotted with v over `count` floats, rounded up to a
   * multiple of 16 (rows and v padded with zeros that far): four lane sums per row at out + 16 i.
   */
  rowDots(a: number, aRow: number, v: number, out: number, m: number, count: number): void {
    if (m > 0 && count > 0) this.dots(a, aRow, v, out, m, Math.ceil(count / 16) * 16);
  }

  /** Rows indices[i] (i32s at byte address `indices`) of the matrix at `source` into rows 0..count of `target`. */
  gatherRows(source: number, rowBytes: number, indices: number, count: number, target: number): void {
    this.gather(source, rowBytes, indices, count, target);
  }

  /** target[c * stride + r] = source[r * cols + c] for the rows x cols floats at byte address `source`. */
  transpose(source: number, rows: number, cols: number, target: number, stride: number): void {
    this.transposer(source, rows, cols, target, stride);
  }

  /** One Adam step over `count` floats (rounded up to a multiple of 4) of params, grads, m and v; c1, c2: 1 - beta^t. */
  adam(params: number, grads: number, m: number, v: number, count: number, rate: number, c1: number, c2: number): void {
    this.adamStep(params, grads, m, v, Math.ceil(count / 4) * 4, rate, c1, c2);
  }
}

/** Floats in a row of `columns` padded to whole vectors. */
export function padWidth(columns: number): number {
  return Math.ceil(columns / 4) * 4;
}

/**
 * A workspace with room for `floats` float32s: the last released one (its
 * memory already mapped), or a new one.
 * @example
 * const ws = acquireWorkspace(rows * cols);
 * try { ... } finally { ws.release(); }
 */
export function acquireWorkspace(floats: number): Workspace {
  const kept = idle;
  idle = null;
  if (kept === null) return new Workspace(floats);
  kept.reserve(floats);
  return kept;
}
