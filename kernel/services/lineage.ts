import type { LineageRecorder } from "../../primitives/lineage/recorder";
import { InvalidPayloadError, type KernelServerService } from "../manager/services";

/**
 * The `lineage` service kernels send their events to: each event goes to the
 * server's recorder (batched, retried, never dropped while it is accepted),
 * and a cell's done waits for `flush`. An event the recorder refuses (a
 * malformed event, a full buffer) fails the flush of its notebook, so the cell
 * that made it ends with an error instead of finishing without its lineage.
 */
export interface KernelLineage {
  service: KernelServerService;
  /** Resolves when every event recorded so far is durable; rejects when some of this notebook's were refused. */
  flush(notebookId: string, signal: AbortSignal): Promise<void>;
}

interface Refusals {
  count: number;
  first: string;
}

export function createKernelLineage(recorder: Pick<LineageRecorder, "record" | "flush">): KernelLineage {
  const refused = new Map<string, Refusals>();
  // Per notebook: events recorded, and how many of them a finished flush covered. A cell that
  // recorded nothing new does not wait on other notebooks' backlog while the store is down.
  const recorded = new Map<string, number>();
  const durable = new Map<string, number>();

  function refuse(notebookId: string, reason: string): never {
    const known = refused.get(notebookId);
    if (known) known.count += 1;
    else refused.set(notebookId, { count: 1, first: reason });
    throw new InvalidPayloadError(reason);
  }

  return {
    service: {
      events: {
        record(payload, ctx) {
          const job = (payload as { job?: { notebookId?: unknown } } | null)?.job;
          // A kernel records lineage for its own notebook only: readers of another notebook would see it.
          if (job?.notebookId !== ctx.notebookId) refuse(ctx.notebookId, `a lineage event names notebook ${String(job?.notebookId)}, not this kernel's`);
          try {
            recorder.record(payload);
            recorded.set(ctx.notebookId, (recorded.get(ctx.notebookId) ?? 0) + 1);
          } catch (error) {
            refuse(ctx.notebookId, error instanceof Error ? error.message : String(error));
          }
        },
      },
    },
    async flush(notebookId, signal) {
      const upTo = recorded.get(notebookId) ?? 0;
      if (upTo > (durable.get(notebookId) ?? 0)) {
        await recorder.flush({ signal });
        durable.set(notebookId, Math.max(durable.get(notebookId) ?? 0, upTo));
      }
      const problems = refused.get(notebookId);
      if (!problems) return;
      refused.delete(notebookId);
      throw new Error(`${problems.count} lineage event${problems.count === 1 ? " was" : "s were"} refused (${problems.first})`);
    },
  };
}
