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
    const r = [0, 1, 2, 3, 4, 5, 6, 7].map((j) => values[start + j]!);
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (let j = 0; j < 8; j++) r[j]! += values[start + i + j]!;
    }
    let s = ((r[0]! + r[1]!) + (r[2]! + r[3]!)) + ((r[4]! + r[5]!) + (r[6]! + r[7]!));
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
