import { z } from "zod";
import type { ErrorCode } from "./errors";
import type { RunMode } from "./outputs";

/**
 * The execution API's contract: run requests, kernel status and the
 * workspace's kernel settings.
 */

/** `cell`: the cell and (autorun) its dependents; `below`: from the cell down; `all`: every code cell. */
export const runRequestSchema = z.discriminatedUnion("scope", [
  z.object({ scope: z.literal("cell"), cellId: z.string().min(1).max(100) }),
  z.object({ scope: z.literal("below"), cellId: z.string().min(1).max(100) }),
  z.object({ scope: z.literal("all") }),
]);
export type RunRequest = z.infer<typeof runRequestSchema>;

export interface RunAccepted {
  runId: string;
  /** The cells queued, in the order they will run. */
  cellIds: string[];
}

export type KernelStatus = "none" | "starting" | "idle" | "busy" | "restarting" | "dead";

export interface KernelInfo {
  status: KernelStatus;
  /** Cells waiting in this notebook's queue, the running one included. */
  queued: number;
  memoryLimitMb: number;
  cellTimeoutMs: number;
  /** Epoch milliseconds of the kernel's start; null without a kernel. */
  startedAt: number | null;
  runMode: RunMode;
  /** Training backend, once a kernel reports one (tfjs: wasm, cpu, node...). */
  backend: string | null;
}

export const kernelSettingsSchema = z.object({
  memoryLimitMb: z.number().int().min(16).max(8192),
  cellTimeoutMs: z.number().int().min(100).max(24 * 3600_000),
  idleShutdownMs: z.number().int().min(1000).max(7 * 24 * 3600_000),
  maxKernels: z.number().int().min(1).max(1000),
});
export type KernelSettings = z.infer<typeof kernelSettingsSchema>;

export const DEFAULT_KERNEL_SETTINGS: KernelSettings = {
  memoryLimitMb: 512,
  cellTimeoutMs: 60_000,
  idleShutdownMs: 30 * 60_000,
  maxKernels: 16,
};

export const runModeSchema = z.object({ runMode: z.enum(["autorun", "lazy"]) });

/**
 * Kernel commands may also travel over the notebook's collaboration socket,
 * as a y-websocket message of this type: `varuint type, varuint id, varstring
 * JSON command`. The server answers with the same type and id and a JSON
 * `CommandReply`. The socket is authenticated already, so a run costs no
 * HTTP round trip; the HTTP routes stay for scripts and pipelines.
 */
export const COMMAND_MESSAGE = 100;

export const kernelCommandSchema = z.discriminatedUnion("op", [
  z.object({ op: z.literal("run"), request: runRequestSchema }),
  z.object({ op: z.literal("interrupt") }),
]);
export type KernelCommand = z.infer<typeof kernelCommandSchema>;

export type CommandReply =
  | { ok: true; body: unknown }
  | { ok: false; error: { code: ErrorCode; message: string } };
