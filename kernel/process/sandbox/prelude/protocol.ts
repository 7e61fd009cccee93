/**
 * The boot handshake between the host and the in-isolate prelude. Types
 * only, so both sides import it (the prelude bundle erases it).
 *
 * Boot: the host sets three transient globals, runs the prelude bundle, which
 * reads and deletes them, installs the cell globals, and leaves `__tb_hooks`
 * for the host to take References to and delete, all before any cell runs.
 */
import type { SandboxLimits } from "../limits";

export interface PreludeConfig {
  /** Dotted host function names ("sleep", "data.load"). */
  hostFunctions: string[];
  params: Record<string, unknown>;
  limits: SandboxLimits;
}

/** A host call's error as the cell sees it: name and message only. */
export interface HostErrorInfo {
  name: string;
  message: string;
}

export type HostCallSettlement =
  | { ok: true; value: unknown }
  | { ok: false; name: string; message: string };

/** `__tb_emit(json)`: null when accepted, else the reason it was refused. */
export type EmitFunction = (outputJson: string) => HostErrorInfo | null;

/** `__tb_call(id, name, args)`: null when started, else why it was refused at once. */
export type CallFunction = (callId: number, name: string, args: unknown[]) => HostErrorInfo | null;

/** JSON the prelude's `runCell` resolves to. */
export type CellResultJson =
  | { ok: true; value: unknown; table: unknown; defs: string[] }
  | { ok: false; kind: "exception"; name: string; message: string; stack: string }
  | { ok: false; kind: "internal"; message: string };

export interface PreludeHooks {
  runCell(fn: unknown, runId: number): Promise<string>;
  cancelRun(runId: number): void;
  settleCall(callId: number, settlement: HostCallSettlement): void;
  forget(names: string[]): void;
}

export const BOOT_GLOBALS = {
  config: "__tb_config",
  emit: "__tb_emit",
  call: "__tb_call",
  hooks: "__tb_hooks",
} as const;

/** Cell globals the prelude owns; a cell cannot define or forget them. */
export const RESERVED_GLOBALS: readonly string[] = ["display", "console", "sleep", "params"];
