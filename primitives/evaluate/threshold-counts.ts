import type { BinaryTarget } from "./curves";
import { sortFloat64 } from "./radix-sort";

/** Weighted false/true positive counts at each distinct score, highest first (sklearn's confusion_matrix_at_thresholds). */
export interface ThresholdCounts {
  fps: Float64Array;
  tps: Float64Array;
  thresholds: Float64Array;
}

const countsCache = new WeakMap<BinaryTarget, ThresholdCounts>();

/**
 * Counts per distinct score: samples with weight 0 are dropped first, the
 * rest sorted by score descending (stable), and a threshold kept where the
 * score changes. Computed once per target (curves and areas share it).
 * Unweighted targets take the merge of two natively sorted score arrays,
 * which gives the same counts several times faster than an index sort.
 * @example
 * thresholdCounts({ positive: Uint8Array.of(0, 0, 1, 1), score: Float64Array.of(0.1, 0.4, 0.35, 0.8), weights: null, posLabel: 1 }).tps; // [1, 1, 2, 2]
 */
export function thresholdCounts(target: BinaryTarget): ThresholdCounts {
  const cached = countsCache.get(target);
  if (cached) return cached;
  const counts = (target.weights === null ? mergeThresholdCounts(target.positive, target.score) : null) ?? sortThresholdCounts(target);
  countsCache.set(target, counts);
  return counts;
}

/**
 * The general path: an index sort by score (descending, ties by position),
 * weights summed in that order as sklearn's cumsum does.
 * @example
 * sortThresholdCounts({ positive: Uint8Array.of(1, 0), score: Float64Array.of(0.5, 0.5), weights: Float64Array.of(2, 1), posLabel: 1 }).fps; // [1]
 */
export function sortThresholdCounts(target: BinaryTarget): ThresholdCounts {
  const { positive, score, weights } = target;
  let m = 0;
  const order = new Uint32Array(score.length);
  for (let i = 0; i < score.length; i++) if (!weights || weights[i] !== 0) order[m++] = i;
  const index = order.subarray(0, m).sort((a, b) => score[b]! - score[a]! || a - b);
  const tps = new Float64Array(m);
  const fps = new Float64Array(m);
  const thresholds = new Float64Array(m);
  let k = 0;
  let tp = 0;
  let fp = 0;
  for (let j = 0; j < m; j++) {
    const i = index[j]!;
    const w = weights ? weights[i]! : 1;
    tp += positive[i]! * w;
    if (weights) fp += (1 - positive[i]!) * w;
    if (j === m - 1 || score[index[j + 1]!] !== score[i]) {
      tps[k] = tp;
      // Unweighted false positives are (position + 1) - tps, exactly as sklearn forms them.
      fps[k] = weights ? fp : 1 + j - tp;
      thresholds[k] = score[i]!;
      k++;
    }
  }
  return { fps: fps.slice(0, k), tps: tps.slice(0, k), thresholds: thresholds.slice(0, k) };
}

/**
 * The unweighted fast path: positives' and negatives' scores sorted apart
 * (a radix sort on the float bits, no comparator), then walked from the top
 * together, one threshold per distinct score with every sample tied at it.
 * Unweighted counts are whole numbers, so they equal the general path's
 * exactly. Null (use the general path) when a score is NaN or -0: the sort
 * orders -0 before 0, where the general path keeps ties in input order,
 * and the threshold shown for such a tie could differ in sign.
 * @example
 * mergeThresholdCounts(Uint8Array.of(0, 1, 1), Float64Array.of(0.5, 0.5, 0.9))!.fps; // [0, 1]
 */
export function mergeThresholdCounts(positive: Uint8Array, score: Float64Array): ThresholdCounts | null {
  const n = score.length;
  let positives = 0;
  for (let i = 0; i < n; i++) if (positive[i] !== 0) positives++;
  // Positives fill the front, negatives the back; each part is sorted ascending in place.
  const sorted = new Float64Array(n);
  let front = 0;
  let back = positives;
  for (let i = 0; i < n; i++) {
    const s = score[i]!;
    if (s !== s || (s === 0 && 1 / s < 0)) return null;
    if (positive[i] !== 0) sorted[front++] = s;
    else sorted[back++] = s;
  }
  const pos = sorted.subarray(0, positives);
  const neg = sorted.subarray(positives);
  const scratch = new Float64Array(Math.max(pos.length, neg.length));
  sortFloat64(pos, scratch);
  sortFloat64(neg, scratch);
  // Count first so the results are allocated at their size, not n each (a million rows often have few distinct scores).
  const k = walkThresholds(pos, neg, null);
  const counts = { fps: new Float64Array(k), tps: new Float64Array(k), thresholds: new Float64Array(k) };
  walkThresholds(pos, neg, counts);
  return counts;
}

/** Walks both ascending arrays from the top, one step per distinct score; fills `out` when given; returns the step count. */
function walkThresholds(pos: Float64Array, neg: Float64Array, out: ThresholdCounts | null): number {
  let i = pos.length - 1;
  let j = neg.length - 1;
  let tp = 0;
  let fp = 0;
  let k = 0;
  while (i >= 0 || j >= 0) {
    const t = j < 0 || (i >= 0 && pos[i]! >= neg[j]!) ? pos[i]! : neg[j]!;
    while (i >= 0 && pos[i] === t) {
      tp++;
      i--;
    }
    while (j >= 0 && neg[j] === t) {
      fp++;
      j--;
    }
    if (out) {
      out.tps[k] = tp;
      out.fps[k] = fp;
      out.thresholds[k] = t;
    }
    k++;
  }
  return k;
}
