/**
 * A minimal WebAssembly binary writer: enough of the format (types,
 * functions, one exported memory, exports, code) and of the instruction set
 * (i32 arithmetic, loops, i32, f32 and v128 loads and stores, memory.copy,
 * f32x4 arithmetic)
 * to build the training kernels at start-up. Written here rather than
 * compiled from a text file: the project ships no wasm toolchain, and a
 * kernel generated in TypeScript can unroll itself (see gemm-kernel.ts).
 */

export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;
export type ValueType = typeof I32 | typeof F32 | typeof V128;

/** Unsigned LEB128. */
function encodeUnsigned(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}

/** Signed LEB128 (i32.const). */
function encodeSigned(value: number): number[] {
  const bytes: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    const done = (value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0);
    bytes.push(done ? byte : byte | 0x80);
    if (done) return bytes;
  }
}

function encodeVector(items: number[][]): number[] {
  return [...encodeUnsigned(items.length), ...items.flat()];
}

function encodeSection(id: number, body: number[]): number[] {
  return [id, ...encodeUnsigned(body.length), ...body];
}

/**
 * A function body as it is written: every method appends one instruction.
 * Locals are numbered after the parameters, in the order `local` declares them.
 */
export class Code {
  readonly bytes: number[] = [];
  private readonly locals: ValueType[] = [];

  constructor(readonly params: readonly ValueType[]) {}

  /** Declares a local and returns its index. */
  local(type: ValueType): number {
    this.locals.push(type);
    return this.params.length + this.locals.length - 1;
  }

  private op(...bytes: number[]): this {
    this.bytes.push(...bytes);
    return this;
  }

  private simd(opcode: number, ...rest: number[]): this {
    return this.op(0xfd, ...encodeUnsigned(opcode), ...rest);
  }

  block(): this { return this.op(0x02, 0x40); }
  loop(): this { return this.op(0x03, 0x40); }
  if(): this { return this.op(0x04, 0x40); }
  end(): this { return this.op(0x0b); }
  /** Branch to the enclosing block `depth` levels out (0: innermost). */
  br(depth: number): this { return this.op(0x0c, ...encodeUnsigned(depth)); }
  brIf(depth: number): this { return this.op(0x0d, ...encodeUnsigned(depth)); }
  get(index: number): this { return this.op(0x20, ...encodeUnsigned(index)); }
  set(index: number): this { return this.op(0x21, ...encodeUnsigned(index)); }
  tee(index: number): this { return this.op(0x22, ...encodeUnsigned(index)); }
  i32(value: number): this { return this.op(0x41, ...encodeSigned(value)); }
  eqz(): this { return this.op(0x45); }
  ltU(): this { return this.op(0x49); }
  geU(): this { return this.op(0x4f); }
  add(): this { return this.op(0x6a); }
  sub(): this { return this.op(0x6b); }
  mul(): this { return this.op(0x6c); }
  /** i32.load at the address on the stack plus `offset`. */
  loadInt(offset = 0): this { return this.op(0x28, 2, ...encodeUnsigned(offset)); }
  /** f32.load at the address on the stack plus `offset`. */
  loadFloat(offset = 0): this { return this.op(0x2a, 2, ...encodeUnsigned(offset)); }
  /** f32.store: address, then value. */
  storeFloat(offset = 0): this { return this.op(0x38, 2, ...encodeUnsigned(offset)); }
  /** memory.copy: destination, source, byte count. */
  copy(): this { return this.op(0xfc, ...encodeUnsigned(10), 0, 0); }
  /** The f32 on the stack in every lane (f32x4.splat). */
  splatTop(): this { return this.simd(0x13); }
  /** v128.load at the address on the stack plus `offset` (16-byte aligned hint). */
  load(offset = 0): this { return this.simd(0x00, 4, ...encodeUnsigned(offset)); }
  /** An f32 at the address on the stack, in every lane (v128.load32_splat). */
  loadSplat(offset = 0): this { return this.simd(0x09, 2, ...encodeUnsigned(offset)); }
  /** v128.store: address, then value. */
  store(offset = 0): this { return this.simd(0x0b, 4, ...encodeUnsigned(offset)); }
  zero(): this { return this.simd(0x0c, ...new Array<number>(16).fill(0)); }
  /** An f32 in every lane (v128.const). */
  splat(value: number): this {
    const bytes = new Uint8Array(Float32Array.of(value, value, value, value).buffer);
    return this.simd(0x0c, ...bytes);
  }
  and128(): this { return this.simd(0x4e); }
  gt(): this { return this.simd(0x44); }
  eq(): this { return this.simd(0x41); }
  le(): this { return this.simd(0x45); }
  /** v128.bitselect(a, b, mask): a's bits where mask's are set, else b's. */
  select(): this { return this.simd(0x52); }
  /** i32x4.sub. */
  isub(): this { return this.simd(0xb1); }
  fadd(): this { return this.simd(0xe4); }
  fsub(): this { return this.simd(0xe5); }
  fmul(): this { return this.simd(0xe6); }
  fdiv(): this { return this.simd(0xe7); }
  fsqrt(): this { return this.simd(0xe3); }
  /** An i32 in every lane (v128.const). */
  splatInt(value: number): this {
    const bytes = new Uint8Array(Int32Array.of(value, value, value, value).buffer);
    return this.simd(0x0c, ...bytes);
  }
  /** i32x4.shl by the i32 on top of the stack. */
  shiftLeft(): this { return this.simd(0xab); }
  /** i32x4.add. */
  iadd(): this { return this.simd(0xae); }
  /** f32x4.pmin: b where b < a, else a (one instruction, unlike min's NaN rules). */
  pmin(): this { return this.simd(0xea); }
  /** f32x4.pmax: b where a < b, else a (with a = 0 below the value: relu). */
  pmax(): this { return this.simd(0xeb); }

  encode(): number[] {
    const groups: number[][] = this.locals.map((type) => [1, type]);
    const body = [...encodeVector(groups), ...this.bytes, 0x0b];
    return [...encodeUnsigned(body.length), ...body];
  }
}

/**
 * A module of `functions` (each exported by its name, no results) and one
 * exported memory named "memory" of `pages` 64 KiB pages to start with.
 * @example
 * const bytes = buildModule({ gemm: code }, 1);
 * const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes));
 */
export function buildModule(functions: Readonly<Record<string, Code>>, pages: number): Uint8Array<ArrayBuffer> {
  const entries = Object.entries(functions);
  const types = encodeSection(1, encodeVector(entries.map(([, code]) => [0x60, ...encodeVector(code.params.map((t) => [t])), 0])));
  const declared = encodeSection(3, encodeVector(entries.map((_, i) => encodeUnsigned(i))));
  const memory = encodeSection(5, encodeVector([[0x00, ...encodeUnsigned(pages)]]));
  const encodeName = (text: string) => encodeVector([...new TextEncoder().encode(text)].map((b) => [b]));
  const exports = encodeSection(7, encodeVector([
    [...encodeName("memory"), 0x02, 0],
    ...entries.map(([label], i) => [...encodeName(label), 0x00, ...encodeUnsigned(i)]),
  ]));
  const code = encodeSection(10, encodeVector(entries.map(([, c]) => c.encode())));
  return Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...types, ...declared, ...memory, ...exports, ...code]);
}
