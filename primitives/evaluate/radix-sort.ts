/**
 * Ascending sort of float64 values by their bit patterns: four stable
 * passes over 16-bit digits (LSD radix sort), linear in the length, where
 * the typed-array sort compares. Used where curves sort a million scores.
 */

const DIGIT_BITS = 16;
const BUCKETS = 1 << DIGIT_BITS;
/** The passes read a float's low word first, as little-endian machines store it; others keep the typed-array sort. */
const LITTLE_ENDIAN = new Uint8Array(Float64Array.of(1).buffer)[7] === 0x3f;

/**
 * Sorts `values` ascending in place, as Float64Array.prototype.sort does
 * (-0 before 0), using `scratch` (at least as long) as the second buffer.
 * NaN is not ordered and must not occur.
 * @example
 * const v = Float64Array.of(0.5, -2, 0.25);
 * sortFloat64(v, new Float64Array(3)); // v is [-2, 0.25, 0.5]
 */
export function sortFloat64(values: Float64Array, scratch: Float64Array): void {
  const n = values.length;
  if (n < 2) return;
  if (n < 256 || scratch.length < n || !LITTLE_ENDIAN) {
    values.sort();
    return;
  }
  // Every digit's histogram in one pass; a digit all samples share needs no pass.
  const counts = new Uint32Array(4 * BUCKETS);
  const words = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  for (let i = 0; i < n; i++) {
    const hi = words[2 * i + 1]!;
    const mask = hi >> 31; // -1 for negative numbers: flip every bit; else flip only the sign
    const keyHi = (hi ^ (mask | 0x80000000)) >>> 0;
    const keyLo = (words[2 * i]! ^ mask) >>> 0;
    counts[keyLo & 0xffff]!++;
    counts[BUCKETS + (keyLo >>> 16)]!++;
    counts[2 * BUCKETS + (keyHi & 0xffff)]!++;
    counts[3 * BUCKETS + (keyHi >>> 16)]!++;
  }
  let from = values;
  let to = scratch.subarray(0, n);
  for (let digit = 0; digit < 4; digit++) {
    const base = digit * BUCKETS;
    if (isSingleBucket(counts, base, n)) continue;
    // Counts become each bucket's first output position.
    let position = 0;
    for (let b = 0; b < BUCKETS; b++) {
      const c = counts[base + b]!;
      counts[base + b] = position;
      position += c;
    }
    const fromWords = new Uint32Array(from.buffer, from.byteOffset, 2 * n);
    const toWords = new Uint32Array(to.buffer, to.byteOffset, 2 * n);
    const shift = digit % 2 === 0 ? 0 : 16;
    if (digit < 2) scatterByLowWord(fromWords, toWords, counts, base, shift, n);
    else scatterByHighWord(fromWords, toWords, counts, base, shift, n);
    [from, to] = [to, from];
  }
  if (from !== values) values.set(from);
}

/** One stable pass on a digit of the low word (the key flips it for negative numbers). */
function scatterByLowWord(from: Uint32Array, to: Uint32Array, next: Uint32Array, base: number, shift: number, n: number): void {
  for (let i = 0; i < n; i++) {
    const lo = from[2 * i]!;
    const hi = from[2 * i + 1]!;
    const p = 2 * next[base + ((((lo ^ (hi >> 31)) >>> shift) & 0xffff))]!++;
    to[p] = lo;
    to[p + 1] = hi;
  }
}

/** One stable pass on a digit of the high word (sign bit flipped, every bit for negative numbers). */
function scatterByHighWord(from: Uint32Array, to: Uint32Array, next: Uint32Array, base: number, shift: number, n: number): void {
  for (let i = 0; i < n; i++) {
    const lo = from[2 * i]!;
    const hi = from[2 * i + 1]!;
    const p = 2 * next[base + ((((hi ^ ((hi >> 31) | 0x80000000)) >>> shift) & 0xffff))]!++;
    to[p] = lo;
    to[p + 1] = hi;
  }
}

function isSingleBucket(counts: Uint32Array, base: number, n: number): boolean {
  for (let b = 0; b < BUCKETS; b++) {
    const c = counts[base + b]!;
    if (c !== 0) return c === n;
  }
  return false;
}
