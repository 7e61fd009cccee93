/**
 * Keeps at most `max` points of a curve, evenly spaced by index, always
 * keeping both ends (charts need the shape, not every threshold).
 * @example
 * thinCurve([0, 0.1, 0.2, 0.3, 1], [0, 0.5, 0.6, 0.9, 1], 3); // { x: [0, 0.2, 1], y: [0, 0.6, 1], thinned: true }
 */
export function thinCurve(x: readonly number[], y: readonly number[], max: number): { x: number[]; y: number[]; thinned: boolean } {
  const n = x.length;
  if (n <= max || max < 2) return { x: [...x], y: [...y], thinned: false };
  const idx = Array.from({ length: max }, (_, k) => Math.round((k * (n - 1)) / (max - 1)));
  return { x: idx.map((i) => x[i]!), y: idx.map((i) => y[i]!), thinned: true };
}
