import type { ServerChannel } from "../../kernel/process/server-channel";
import type { TrackingWriter } from "./writer";

/** What a kernel may ask of tracking: open runs of its own notebook and log to them. */
export const KERNEL_TRACKING_METHODS = ["createRun", "logParams", "logMetrics", "setTag", "logInput", "logArtifact", "endRun"] as const;
export type KernelTrackingMethod = (typeof KERNEL_TRACKING_METHODS)[number];

/**
 * The tracking writer as a kernel child sees it: each call goes to the
 * server's `tracking` service, which fixes the notebook and refuses runs the
 * kernel did not open. Only the calls training makes are offered; the rest
 * throw, so a new use cannot silently bypass the server's checks.
 *
 * @example
 * const tracker = createTrainingTracker(kernelTrackingWriter(ctx.kernel.server), { notebookId, cellId });
 */
export function kernelTrackingWriter(server: ServerChannel): TrackingWriter {
  const call = (method: KernelTrackingMethod) => (...args: unknown[]) => server.request("tracking", method, { args });
  const offered: Partial<Record<keyof TrackingWriter, unknown>> = Object.fromEntries(KERNEL_TRACKING_METHODS.map((m) => [m, call(m)]));
  return new Proxy(offered, {
    get(target, key) {
      if (typeof key === "string" && key in target) return target[key as keyof TrackingWriter];
      return () => Promise.reject(new Error(`tracking.${String(key)} is not offered to kernels`));
    },
  }) as TrackingWriter;
}
