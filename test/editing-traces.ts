import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";

/** `[position, deleted, inserted]`, positions in code points (the traces are ASCII; see `loadTrace`). */
export type Patch = [number, number, string];

export interface SequentialTrace {
  endContent: string;
  txns: Array<{ patches: Patch[] }>;
}

export interface ConcurrentTrace {
  endContent: string;
  numAgents: number;
  txns: Array<{ parents: number[]; agent: number; patches: Patch[] }>;
}

export const TRACES_DIR = path.resolve(import.meta.dirname, "../../shared/data/editing-traces");

/**
 * Reads a josephg/editing-traces file. Positions count code points while
 * Y.Text counts UTF-16 units; the two agree only without astral characters,
 * so a trace with any is refused rather than replayed wrongly.
 */
export function loadTrace<T extends SequentialTrace | ConcurrentTrace>(name: string): T {
  const raw = gunzipSync(readFileSync(path.join(TRACES_DIR, name))).toString("utf8");
  if (/[\u{10000}-\u{10FFFF}]/u.test(raw)) throw new Error(`${name} has astral characters; positions would need converting`);
  return JSON.parse(raw) as T;
}
