import { randomUUID } from "node:crypto";
import type { CellError } from "../../protocol/outputs";
import type { RunOutcome } from "../process/sandbox/sandbox";
import { mapError } from "../analyze/stack";
import type { SourceMaps } from "./planner";

type Failure = Extract<RunOutcome, { ok: false }>["error"];

/**
 * Turns a kernel failure into the tagged error a cell shows. Internal
 * failures are logged with an id and only the id reaches the notebook.
 */
export function toCellError(failure: Failure, maps: SourceMaps, log: (message: string) => void = console.error): CellError {
  switch (failure.kind) {
    case "exception": {
      const mapped = mapError({ name: failure.name, message: failure.message, stack: failure.stack }, maps);
      return { kind: "exception", name: failure.name, message: failure.message, location: mapped.location, stack: mapped.stack };
    }
    case "timeout":
      return {
        kind: "timeout",
        limitMs: failure.limitMs,
        message: `the cell used more than ${formatSeconds(failure.limitMs)} of CPU time and was stopped`,
      };
    case "memory":
      return {
        kind: "memory",
        limitMb: failure.limitMb,
        message: `the kernel went over its ${failure.limitMb} MB memory limit; it was restarted and its state is lost`,
      };
    case "interrupted":
      return { kind: "interrupted", message: "interrupted" };
    case "internal":
      return internalError(failure.message, log);
  }
}

export function internalError(detail: unknown, log: (message: string) => void = console.error): CellError {
  const errorId = randomUUID().slice(0, 8);
  log(`[kernel] internal error ${errorId}: ${detail instanceof Error ? (detail.stack ?? detail.message) : String(detail)}`);
  return { kind: "internal", errorId };
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
