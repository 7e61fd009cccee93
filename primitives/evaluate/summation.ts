/**
 * numpy's summation order, so sums, means and weighted averages round the
 * way scikit-learn's do: np.add.reduce over float64 adds in pairwise blocks
 * (eight running sums inside blocks of up to 128 values, halves above that).
 */

/**
 * np.sum of float64 values, bit for bit.
 * @example
 * pairwiseSum([0.1, 0.2, 0.3]); // 0.6000000000000001, as np.sum
 */
export function pairwiseSum(values: ArrayLike<number>, start = 0, end = values.length): number {
  const n = end - start;
  if (n < 8) {
    let s = 0;
    for (let i = start; i < end; i++) s += values[i]!;
    return s;
  }
  if (n <= 128) {
    // Eight named accumulators rather than an array: this runs once per 128 values of every sum.
    let r0 = values[start]!;
    let r1 = values[start + 1]!;
    let r2 = values[start + 2]!;
    let r3 = values[start + 3]!;
    let r4 = values[start + 4]!;
    let r5 = values[start + 5]!;
    let r6 = values[start + 6]!;
    let r7 = values[start + 7]!;
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      const b = start + i;
      r0 += values[b]!;
      r1 += values[b + 1]!;
      r2 += values[b + 2]!;
      r3 += values[b + 3]!;
      r4 += values[b + 4]!;
      r5 += values[b + 5]!;
      r6 += values[b + 6]!;
      r7 += values[b + 7]!;
    }
    let s = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < n; i++) s += values[start + i]!;
    return s;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwiseSum(values, start, start + half) + pairwiseSum(values, start + half, end);
}

/**
 * np.average(values, weights=weights): Σ v·w / Σ w (np.mean without weights).
 * @example
 * npAverage([1, 2, 3], [3, 0, 1]); // 1.5
 */
export function npAverage(values: ArrayLike<number>, weights?: ArrayLike<number> | null): number {
  if (!weights) return pairwiseSum(values) / values.length;
  const products = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) products[i] = values[i]! * weights[i]!;
  return pairwiseSum(products) / pairwiseSum(weights);
}
