import type { KernelInfo, KernelStatus } from "@/protocol/kernel";
import { formatDuration } from "../outputs/units";

/** Polling pace: quick while something is happening, slow while idle. */
export const ACTIVE_POLL_MS = 1000;
export const IDLE_POLL_MS = 5000;

const WORDS: Record<KernelStatus, string> = {
  none: "No kernel",
  starting: "Starting",
  idle: "Idle",
  busy: "Busy",
  restarting: "Restarting",
  dead: "Dead",
};

/**
 * The kernel's state in a few words, with the queue when there is one.
 *
 * @example
 * kernelStatusLabel({ ...info, status: "busy", queued: 3 }) // "Busy · 3 queued"
 */
export function kernelStatusLabel(info: KernelInfo | null): string {
  if (!info) return "Unknown";
  const word = WORDS[info.status] ?? info.status;
  return info.queued > 0 ? `${word} · ${info.queued} queued` : word;
}

/** The kernel's limits and backend, for a tooltip. */
export function kernelDetails(info: KernelInfo): string {
  const parts = [`Memory limit ${info.memoryLimitMb} MB`, `cell time limit ${formatDuration(info.cellTimeoutMs)}`];
  if (info.backend) parts.push(`backend ${info.backend}`);
  return parts.join(", ");
}

/** How long to wait before asking the server for the kernel's state again. */
export function pollDelay(info: KernelInfo | null): number {
  if (!info) return IDLE_POLL_MS;
  const active = info.status === "busy" || info.status === "starting" || info.status === "restarting" || info.queued > 0;
  return active ? ACTIVE_POLL_MS : IDLE_POLL_MS;
}
