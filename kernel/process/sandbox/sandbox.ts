/**
 * The kernel's sandbox: one isolated-vm isolate and context running a
 * notebook's cells, with the prelude's globals (console, display, sleep,
 * params) and the host functions bridged in. Public entry of this folder.
 */
import type { CellOutput, ValuePreview } from "@/protocol/outputs";
import type { HandleTable } from "./handles";
import type { SandboxLimits } from "./limits";
import { bootSandbox } from "./isolate-sandbox";

export type { HandleTable, SandboxHandle } from "./handles";
export type { SandboxLimits } from "./limits";

export interface HostFunction {
  (args: unknown[], ctx: HostCallContext): Promise<unknown> | unknown;
}

export interface HostCallContext {
  cellId: string;
  /** Aborted when the cell is interrupted or the sandbox disposed. */
  signal: AbortSignal;
  handles: HandleTable;
  /**
   * Writes an output under the cell, checked and counted like `display.*`
   * (one output's size, the run's budget); throws the refusal as an Error.
   */
  emit(output: CellOutput): void;
}

export interface SandboxOptions {
  memoryLimitMb: number;
  cellTimeoutMs: number;
  /** Dotted names: "sleep", "data.load" -> global `data.load`. */
  hostFunctions: Record<string, HostFunction>;
  /** Deep-frozen global `params`. */
  params: Record<string, unknown>;
  /** Outputs as they happen; a progress bar re-emits its own id. */
  emit(cellId: string, output: CellOutput): void;
  /** Overrides of DEFAULT_SANDBOX_LIMITS (output sizes, previews, tables). */
  limits?: Partial<SandboxLimits>;
}

export type SandboxError =
  | { kind: "exception"; name: string; message: string; stack: string }
  | { kind: "timeout"; limitMs: number }
  | { kind: "memory"; limitMb: number }
  | { kind: "interrupted" }
  | { kind: "internal"; message: string };

export type RunOutcome =
  | { ok: true; value: ValuePreview | null; table?: CellOutput; defs: string[] }
  | { ok: false; error: SandboxError };

export interface CompiledCell {
  cellId: string;
  /** One expression evaluating to an async function resolving to `{ value, hasValue, defs }`. */
  code: string;
  /** `cell-<cellId>.js`: stack frames name it, for source-map lookup. */
  filename: string;
}

export interface Sandbox {
  /** One cell at a time; a second concurrent call resolves to an internal error. */
  run(cell: CompiledCell): Promise<RunOutcome>;
  /** Deletes globals defined by cells (applied before the next run). */
  forget(names: string[]): void;
  /** The running cell ends with `interrupted`; pending host calls are rejected. */
  interrupt(): void;
  /** After memory, a CPU-time timeout or interrupting a CPU-bound cell the isolate is gone: make a new sandbox. */
  readonly disposed: boolean;
  dispose(): void;
}

export function createSandbox(options: SandboxOptions): Promise<Sandbox> {
  return bootSandbox(options);
}
