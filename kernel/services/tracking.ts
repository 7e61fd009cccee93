import { isAppError } from "../../protocol/errors";
import type { TrackingWriter } from "../../primitives/experiments/writer";
import { KERNEL_TRACKING_METHODS, type KernelTrackingMethod } from "../../primitives/experiments/kernel-writer";
import { KERNEL_RUN_TAG } from "../../primitives/experiments/writer";
import { InvalidPayloadError, type KernelServerService, type RequestContext } from "../manager/services";

/**
 * The `tracking` service: kernels open experiment runs and log to them. The
 * run's notebook is the kernel's own (from the manager, not the child), and
 * a kernel may only log to runs it opened; the writer validates the rest.
 * Runs a kernel left open when it lost its state end KILLED, as MLflow marks
 * a run whose process is gone: nothing could end them any more.
 */
export function trackingKernelService(writer: TrackingWriter, log: (message: string) => void = (m) => console.error(m)): KernelServerService {
  /** Run id -> notebook, for runs opened through kernels since the server started (ended ones stay: they may be parents). */
  const opened = new Map<string, string>();
  const argsOf = (payload: unknown): unknown[] => {
    const args = (payload as { args?: unknown } | null)?.args;
    if (!Array.isArray(args)) throw new InvalidPayloadError("args: expected an array");
    return args;
  };
  const ownRun = (runId: unknown, ctx: RequestContext): string => {
    if (typeof runId !== "string" || opened.get(runId) !== ctx.notebookId) throw new InvalidPayloadError(`run ${String(runId)} was not opened by this notebook's kernel`);
    return runId;
  };
  const handlers: Record<KernelTrackingMethod, (args: unknown[], ctx: RequestContext) => Promise<unknown>> = {
    async createRun([input], ctx) {
      if (typeof input !== "object" || input === null) throw new InvalidPayloadError("createRun: expected the run as an object");
      const run = input as Parameters<TrackingWriter["createRun"]>[0];
      if (run.parentRunId !== undefined) ownRun(run.parentRunId, ctx);
      // Who ran the cell, as the server recorded it: the child names no actor.
      // Tagged so that a server starting after a crash knows which RUNNING runs no kernel can end any more.
      const given = Array.isArray(run.tags) ? run.tags.filter((tag) => tag?.key !== KERNEL_RUN_TAG.key) : [];
      const tags = [...given, KERNEL_RUN_TAG];
      const created = await writer.createRun({ ...run, tags, notebookId: ctx.notebookId, actorId: ctx.actorId });
      opened.set(created.id, ctx.notebookId);
      return created;
    },
    logParams: ([runId, params], ctx) => writer.logParams(ownRun(runId, ctx), params as Parameters<TrackingWriter["logParams"]>[1]),
    logMetrics: ([runId, metrics], ctx) => writer.logMetrics(ownRun(runId, ctx), metrics as Parameters<TrackingWriter["logMetrics"]>[1]),
    setTag: ([runId, key, value], ctx) => writer.setTag(ownRun(runId, ctx), key as string, value as string),
    logInput: ([runId, input], ctx) => writer.logInput(ownRun(runId, ctx), input as Parameters<TrackingWriter["logInput"]>[1]),
    logArtifact([runId, input], ctx) {
      // Bytes do not cross the channel: the kernel puts a blob in the shared artifact store and names it.
      if (typeof input !== "object" || input === null || typeof (input as { artifactId?: unknown }).artifactId !== "string") {
        throw new InvalidPayloadError("logArtifact: a kernel passes { path, artifactId, kind?, mediaType? } of a blob it stored");
      }
      return writer.logArtifact(ownRun(runId, ctx), input as Parameters<TrackingWriter["logArtifact"]>[1]);
    },
    endRun: ([runId, status], ctx) => writer.endRun(ownRun(runId, ctx), status as Parameters<TrackingWriter["endRun"]>[1]),
  };
  return {
    onKernelReset(notebookId) {
      for (const [runId, owner] of opened) {
        if (owner !== notebookId) continue;
        opened.delete(runId);
        writer.endRun(runId, "KILLED").catch((error: unknown) => {
          // Ended already (finished, failed or killed): as it should be.
          if (isAppError(error) && error.code === "run_ended") return;
          log(`[experiments] ending run ${runId} of a lost kernel: ${error instanceof Error ? error.message : String(error)}`);
        });
      }
    },
    methods: Object.fromEntries(KERNEL_TRACKING_METHODS.map((m) => [m, (payload: unknown, ctx: RequestContext) => handlers[m](argsOf(payload), ctx)])),
  };
}
