import { IDLE_EXECUTION, type ExecutionState, type ExecutionStatus } from "@/protocol/outputs";
import { formatDuration } from "../outputs/units";

const STATUSES: readonly ExecutionStatus[] = ["idle", "queued", "running", "done", "error"];

const numberOrNull = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

function readRunBy(v: unknown): ExecutionState["runBy"] {
  if (typeof v !== "object" || v === null) return null;
  const { id, name } = v as { id?: unknown; name?: unknown };
  return typeof id === "string" && typeof name === "string" ? { id, name } : null;
}

/**
 * A cell's `execution` map (as plain JSON) read defensively: missing or
 * malformed keys take their idle value.
 *
 * @example
 * readExecution(cell.get("execution")?.toJSON())
 */
export function readExecution(raw: unknown): ExecutionState {
  if (typeof raw !== "object" || raw === null) return IDLE_EXECUTION;
  const v = raw as Record<string, unknown>;
  return {
    status: STATUSES.includes(v.status as ExecutionStatus) ? (v.status as ExecutionStatus) : "idle",
    stale: v.stale === true,
    count: numberOrNull(v.count),
    runBy: readRunBy(v.runBy),
    startedAt: numberOrNull(v.startedAt),
    durationMs: numberOrNull(v.durationMs),
    runId: typeof v.runId === "string" ? v.runId : null,
  };
}

/**
 * Jupyter's prompt: `[*]` while waiting or running, `[n]` after run n, `[ ]` before any run.
 *
 * @example
 * promptOf({ ...IDLE_EXECUTION, status: "done", count: 3 }) // "[3]"
 */
export function promptOf(state: ExecutionState): string {
  if (state.status === "queued" || state.status === "running") return "[*]";
  return state.count === null ? "[ ]" : `[${state.count}]`;
}

/** The status in a word, or null when there is nothing to say (never run). */
export function statusText(state: ExecutionState): string | null {
  switch (state.status) {
    case "idle":
      return null;
    case "queued":
      return "Queued";
    case "running":
      return "Running";
    case "done":
      return "Done";
    case "error":
      return "Failed";
  }
}

/**
 * Who ran the cell, when and for how long: "Ada · 14:03 · 1.2 s". While it
 * runs, the time so far (from `now`) stands in for the duration.
 *
 * @example
 * runSummary(state, Date.now(), (ms) => new Date(ms).toLocaleTimeString())
 */
export function runSummary(state: ExecutionState, now: number, formatTime: (epochMs: number) => string): string | null {
  const parts: string[] = [];
  if (state.runBy) parts.push(state.runBy.name);
  if (state.startedAt !== null) parts.push(formatTime(state.startedAt));
  if (state.status === "running" && state.startedAt !== null) parts.push(formatDuration(Math.max(0, now - state.startedAt)));
  else if (state.status !== "queued" && state.durationMs !== null) parts.push(formatDuration(state.durationMs));
  return parts.length > 0 ? parts.join(" · ") : null;
}
