import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { LineageEvent, LineageEventInput } from "./event";
import { createLineageRecorder, LineageBufferFullError, LineageRecorderClosedError } from "./recorder";

function event(n: number): LineageEventInput {
  return {
    eventType: "START",
    eventTime: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    run: { runId: randomUUID() },
    job: { namespace: "tracebook", name: `job-${n}`, kind: "cell" },
  };
}

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Settles pending promise callbacks and the recorder's batching tick. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("lineage recorder", () => {
  it("batches events recorded in one turn into one write and resolves flush once it is durable", async () => {
    const writes: LineageEvent[][] = [];
    const gate = deferred();
    const recorder = createLineageRecorder({
      write: async (batch) => {
        writes.push([...batch]);
        await gate.promise;
      },
    });
    for (let i = 0; i < 5; i++) recorder.record(event(i));
    let flushed = false;
    const flush = recorder.flush().then(() => (flushed = true));
    await settle();
    await settle();
    expect(writes.map((b) => b.map((e) => e.job.name))).toEqual([["job-0", "job-1", "job-2", "job-3", "job-4"]]);
    expect(flushed).toBe(false);
    expect(recorder.buffered).toBe(5);
    gate.resolve();
    await flush;
    expect(flushed).toBe(true);
    expect(recorder.buffered).toBe(0);
  });

  it("splits large queues into batches of maxBatch, in order", async () => {
    const writes: string[][] = [];
    const recorder = createLineageRecorder({ maxBatch: 2, write: async (batch) => void writes.push(batch.map((e) => e.job.name)) });
    for (let i = 0; i < 5; i++) recorder.record(event(i));
    await recorder.flush();
    expect(writes).toEqual([["job-0", "job-1"], ["job-2", "job-3"], ["job-4"]]);
  });

  it("flush waits only for events recorded before it", async () => {
    const gates = [deferred(), deferred()];
    let call = 0;
    const recorder = createLineageRecorder({ write: () => gates[call++]!.promise });
    recorder.record(event(1));
    const first = recorder.flush();
    await settle();
    // Recorded while the first batch is in flight: it goes in the next batch.
    recorder.record(event(2));
    const second = recorder.flush();
    let firstDone = false;
    let secondDone = false;
    void first.then(() => (firstDone = true));
    void second.then(() => (secondDone = true));
    gates[0]!.resolve();
    await first;
    await settle();
    expect(firstDone).toBe(true);
    expect(secondDone).toBe(false);
    gates[1]!.resolve();
    await second;
    expect(call).toBe(2);
  });

  it("stops a flush wait on abort, keeping the events to write later", async () => {
    const gate = deferred();
    const durable: string[] = [];
    const recorder = createLineageRecorder({
      write: async (batch) => {
        await gate.promise;
        durable.push(...batch.map((e) => e.job.name));
      },
    });
    recorder.record(event(1));
    const controller = new AbortController();
    const waiting = recorder.flush({ signal: controller.signal });
    controller.abort(new Error("cell interrupted"));
    await expect(waiting).rejects.toThrow(/cell interrupted/);
    await expect(recorder.flush({ signal: controller.signal })).rejects.toThrow(/cell interrupted/);
    expect(recorder.buffered).toBe(1);
    gate.resolve();
    await recorder.flush();
    expect(durable).toEqual(["job-1"]);
  });

  it("resolves flush at once when nothing is waiting", async () => {
    const recorder = createLineageRecorder({ write: async () => {
      throw new Error("never called");
    } });
    await expect(recorder.flush()).resolves.toBeUndefined();
  });

  it("retries a failing store with doubling backoff and never drops or duplicates an event", async () => {
    const delays: number[] = [];
    const durable: string[] = [];
    let failures = 4;
    const errors: number[] = [];
    const recorder = createLineageRecorder({
      retryInitialMs: 10,
      retryMaxMs: 40,
      sleep: async (ms) => void delays.push(ms),
      onWriteError: (_error, attempt) => errors.push(attempt),
      write: async (batch) => {
        if (failures-- > 0) throw new Error("connection refused");
        durable.push(...batch.map((e) => e.job.name));
      },
    });
    for (let i = 0; i < 3; i++) recorder.record(event(i));
    await recorder.flush();
    expect(delays).toEqual([10, 20, 40, 40]);
    expect(errors).toEqual([1, 2, 3, 4]);
    expect(durable).toEqual(["job-0", "job-1", "job-2"]);
    expect(recorder.lastError).toBeNull();
  });

  it("keeps events buffered while the store is down, refuses past the limit, and writes them all once it is back", async () => {
    let up = false;
    const durable: string[] = [];
    let wake = deferred();
    const recorder = createLineageRecorder({
      maxBuffered: 3,
      // Each retry waits until the test lets it go.
      sleep: () => wake.promise,
      write: async (batch) => {
        if (!up) throw new Error("store unreachable");
        durable.push(...batch.map((e) => e.job.name));
      },
    });
    for (let i = 0; i < 3; i++) recorder.record(event(i));
    const flushed = recorder.flush();
    await settle();
    expect(() => recorder.record(event(3))).toThrow(LineageBufferFullError);
    expect(() => recorder.record(event(3))).toThrow(/store unreachable/);
    expect(recorder.buffered).toBe(3);
    expect(String(recorder.lastError)).toContain("store unreachable");
    up = true;
    const released = wake;
    wake = deferred();
    released.resolve();
    await flushed;
    expect(durable).toEqual(["job-0", "job-1", "job-2"]);
    // Room again: new events are accepted.
    recorder.record(event(4));
    wake.resolve();
    await recorder.flush();
    expect(durable).toEqual(["job-0", "job-1", "job-2", "job-4"]);
  });

  it("sets aside an event the reachable store keeps refusing, writing the rest in order", async () => {
    const durable: string[] = [];
    const quarantined: string[] = [];
    const batches: number[] = [];
    const recorder = createLineageRecorder({
      isolateAfter: 2,
      sleep: async () => {},
      onWriteError: () => {},
      reachable: async () => true,
      quarantine: async (e) => void quarantined.push(e.job.name),
      write: async (batch) => {
        batches.push(batch.length);
        if (batch.some((e) => e.job.name === "job-2")) throw new Error("check constraint violated");
        durable.push(...batch.map((e) => e.job.name));
      },
    });
    for (let i = 0; i < 5; i++) recorder.record(event(i));
    await recorder.flush();
    expect(durable).toEqual(["job-0", "job-1", "job-3", "job-4"]);
    expect(quarantined).toEqual(["job-2"]);
    // Two tries of the whole batch, then one by one: job-2 twice before it is set aside.
    expect(batches).toEqual([5, 5, 1, 1, 1, 1, 1, 1]);
  });

  it("never sets events aside while the store is unreachable", async () => {
    let up = false;
    let tries = 0;
    const durable: string[] = [];
    const recorder = createLineageRecorder({
      isolateAfter: 1,
      onWriteError: () => {},
      sleep: async () => {
        if (++tries === 6) up = true;
      },
      reachable: async () => up,
      quarantine: async () => {
        throw new Error("must not be called");
      },
      write: async (batch) => {
        if (!up) throw new Error("ECONNREFUSED");
        durable.push(...batch.map((e) => e.job.name));
      },
    });
    for (let i = 0; i < 3; i++) recorder.record(event(i));
    await recorder.flush();
    expect(durable).toEqual(["job-0", "job-1", "job-2"]);
  });

  it("rejects a malformed event without enqueueing it", async () => {
    const recorder = createLineageRecorder({ write: async () => {} });
    expect(() => recorder.record({ ...event(1), eventType: "DONE" })).toThrow();
    expect(() => recorder.record({ ...event(1), run: { runId: "not-a-uuid" } })).toThrow();
    expect(() => recorder.record({ ...event(1), outputs: [{ namespace: "n", name: "d", version: "abc" }] })).toThrow(/sha256/);
    // Bytes count, not characters: 300 four-byte characters are 1200 bytes.
    expect(() => recorder.record({ ...event(1), job: { namespace: "n", name: "😀".repeat(300), kind: "cell" } })).toThrow(/1024 bytes/);
    recorder.record({ ...event(1), job: { namespace: "n", name: "😀".repeat(256), kind: "cell" } });
    await recorder.flush();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => recorder.record({ ...event(1), run: { runId: randomUUID(), facets: { parameters: { n: 1n } } } })).toThrow(/plain JSON/);
    expect(() => recorder.record({ ...event(1), run: { runId: randomUUID(), facets: { parameters: cyclic } } })).toThrow(/plain JSON/);
    expect(recorder.buffered).toBe(0);
  });

  it("close flushes; with a deadline against a dead store it rejects naming what was not written", async () => {
    const ok = createLineageRecorder({ write: async () => {} });
    ok.record(event(1));
    await ok.close();
    expect(ok.buffered).toBe(0);
    expect(() => ok.record(event(2))).toThrow(LineageRecorderClosedError);

    const dead = createLineageRecorder({
      sleep: () => new Promise((resolve) => setImmediate(resolve)),
      write: async () => {
        throw new Error("down");
      },
    });
    dead.record(event(1));
    dead.record(event(2));
    await expect(dead.close({ deadlineMs: 20 })).rejects.toThrow(/2 events not written/);
  });
});
