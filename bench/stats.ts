import { readFileSync } from "node:fs";

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
  console.log(`${label.padEnd(58)} ${value.toFixed(value < 10 ? 2 : 0).padStart(8)} ${unit}   ratio ${(value / anchor).toFixed(2)}x anchor`);
}

/** CPU time (user + system) a process has used so far, in ms; null where /proc cannot tell. */
export function processCpuMs(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** Linux's USER_HZ, 100 on every common build. */
const CLOCK_TICKS_PER_SECOND = 100;
