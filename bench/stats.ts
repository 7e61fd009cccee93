/** The value below which `p` of the sorted values fall (nearest rank). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

export function median(values: number[]): number {
  return percentile(values, 0.5);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One aligned result line: label, figure, and its ratio to the anchor. */
export function printRatio(label: string, value: number, anchor: number, unit = "ms"): void {
  console.log(`${label.padEnd(44)} ${value.toFixed(value < 10 ? 2 : 0).padStart(8)} ${unit}   ratio ${(value / anchor).toFixed(2)}x anchor`);
}
