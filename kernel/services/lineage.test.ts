import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { NotebookId } from "../../protocol/ids";
import { createLineageRecorder } from "../../primitives/lineage/recorder";
import { createKernelLineage } from "./lineage";

const event = (notebookId: string) => ({
  eventType: "START",
  eventTime: new Date().toISOString(),
  run: { runId: randomUUID() },
  job: { namespace: "tracebook", name: `${notebookId}/c`, kind: "cell", notebookId, cellId: "c" },
});

describe("the kernel's lineage service", () => {
  it("makes a notebook wait only for its own new events, not another notebook's backlog", async () => {
    const store = { up: false };
    const recorder = createLineageRecorder({
      retryInitialMs: 1,
      retryMaxMs: 2,
      async write() {
        if (!store.up) throw new Error("down");
      },
    });
    const lineage = createKernelLineage(recorder);
    const [a, b] = [randomUUID() as NotebookId, randomUUID() as NotebookId];
    lineage.service.events!.record!(event(a), { notebookId: a });
    const signal = new AbortController().signal;
    let aDone = false;
    const aFlush = lineage.flush(a, signal).then(() => (aDone = true));
    // B recorded nothing: its cells finish although A's events wait for the store.
    await lineage.flush(b, signal);
    expect(aDone).toBe(false);
    expect(recorder.buffered).toBe(1);
    store.up = true;
    await aFlush;
    expect(recorder.buffered).toBe(0);
    // Once durable, the next flush of A has nothing new to wait for.
    store.up = false;
    await lineage.flush(a, signal);
    await recorder.close({ deadlineMs: 10 }).catch(() => undefined);
  });

  it("reports a refused event to the next flush of its notebook only, once", async () => {
    const recorder = createLineageRecorder({ write: async () => {} });
    const lineage = createKernelLineage(recorder);
    const [a, b] = [randomUUID() as NotebookId, randomUUID() as NotebookId];
    expect(() => lineage.service.events!.record!({ ...event(a), eventType: "BEGIN" }, { notebookId: a })).toThrow();
    expect(() => lineage.service.events!.record!(event(b), { notebookId: a })).toThrow(/names notebook/);
    const signal = new AbortController().signal;
    await lineage.flush(b, signal);
    await expect(lineage.flush(a, signal)).rejects.toThrow(/^2 lineage events were refused \(/);
    await lineage.flush(a, signal);
  });
});
