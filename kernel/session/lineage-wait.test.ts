import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { Principal } from "../../auth/principal";
import { insertCell } from "../../collab/doc";
import { DEFAULT_KERNEL_SETTINGS } from "../../protocol/kernel";
import type { CellOutput } from "../../protocol/outputs";
import { createLineageRecorder } from "../../primitives/lineage/recorder";
import type { LineageEvent } from "../../primitives/lineage/event";
import type { KernelHandle, KernelManager } from "../manager";
import type { RunContext } from "../process/ipc";
import { createKernelLineage } from "../services/lineage";
import { readExecution } from "./execution-doc";
import { createKernelService } from "./service";

/**
 * A cell's done waits for its lineage: the session, the kernel lineage
 * service and the real recorder, with a scripted kernel that sends a run's
 * events (as the child does, before its done) and a store that fails.
 */
const NOTEBOOK = randomUUID();
const USER = randomUUID();
const principal = { user: { id: USER, username: "ann", name: "Ann", role: "member" }, via: "token" } as unknown as Principal;

function setup(options: { cellEvents?: (runId: string, cellId: string) => unknown[] } = {}) {
  const doc = new Y.Doc();
  const timeline: string[] = [];
  const written: LineageEvent[] = [];
  const store = { up: false, attempts: 0 };
  const recorder = createLineageRecorder({
    retryInitialMs: 1,
    retryMaxMs: 5,
    async write(batch) {
      store.attempts += 1;
      if (!store.up) throw new Error("connection refused");
      written.push(...batch);
      timeline.push(`written ${batch.map((e) => e.eventType).join(",")}`);
    },
  });
  const lineage = createKernelLineage(recorder);
  const contexts: Array<RunContext | undefined> = [];
  const kernel = {
    notebookId: NOTEBOOK,
    pid: 1,
    status: "idle",
    startedAt: 0,
    backend: null,
    settings: DEFAULT_KERNEL_SETTINGS,
    async run(cell: { cellId: string }, _onOutput: (o: CellOutput) => void, context?: RunContext) {
      contexts.push(context);
      const runId = randomUUID();
      const events = options.cellEvents?.(runId, cell.cellId) ?? defaultEvents(runId, cell.cellId);
      // The manager hands a run's events to the service before its done.
      for (const event of events) {
        try {
          lineage.service.events!.record!(event, { notebookId: NOTEBOOK as never });
        } catch {
          // refused: the dispatcher logs it; the flush reports it
        }
      }
      return { ok: true as const, value: null, defs: [] };
    },
    forget() {},
    onReset: () => () => {},
  } as unknown as KernelHandle;
  const manager = { acquire: async () => kernel, get: () => kernel, onLateOutput: () => () => {}, interrupt: () => false } as unknown as KernelManager;
  const service = createKernelService({
    collab: {
      async editDocument(_id, edit) {
        doc.transact(() => edit(doc));
        for (const id of doc.getMap("cells").keys()) {
          const status = readExecution(doc, id).status;
          if (timeline[timeline.length - 1] !== `status ${status}`) timeline.push(`status ${status}`);
        }
      },
      inspectDocument: async (_id, read) => read(doc),
    },
    authorize: async () => undefined,
    manager,
    settings: () => DEFAULT_KERNEL_SETTINGS,
    maxOutputBytes: 1 << 20,
    flushLineage: lineage.flush,
  });
  const cellId = insertCell(doc, 0, { source: "data.head(ds)" });
  return { doc, cellId, timeline, written, store, service, contexts, recorder };
}

function defaultEvents(runId: string, cellId: string): unknown[] {
  const job = { namespace: "tracebook", name: `${NOTEBOOK}/${cellId}`, kind: "cell", notebookId: NOTEBOOK, cellId };
  return [
    { eventType: "START", eventTime: new Date().toISOString(), run: { runId }, job, actorId: USER },
    { eventType: "COMPLETE", eventTime: new Date().toISOString(), run: { runId }, job, actorId: USER },
  ];
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("a cell's done waits for its lineage", () => {
  it("stays running while the store refuses writes, and is done only after the retry wrote its events", async () => {
    const t = setup();
    await t.service.run(principal, NOTEBOOK, { scope: "cell", cellId: t.cellId });
    await until(() => t.store.attempts >= 3, "three failed writes");
    expect(readExecution(t.doc, t.cellId).status).not.toBe("done");
    expect(t.written).toEqual([]);
    t.store.up = true;
    await until(() => readExecution(t.doc, t.cellId).status === "done", "the cell to finish");
    expect(t.written.map((e) => e.eventType)).toEqual(["START", "COMPLETE"]);
    const writtenAt = t.timeline.indexOf("written START,COMPLETE");
    expect(writtenAt).toBeGreaterThanOrEqual(0);
    expect(t.timeline.indexOf("status done")).toBeGreaterThan(writtenAt);
    // The kernel learnt who ran the cell and what it said.
    expect(t.contexts).toEqual([{ actor: { id: USER, name: "Ann" }, source: "data.head(ds)" }]);
  });

  it("ends the cell with a LineageError naming the refusal when an event is refused", async () => {
    const t = setup({ cellEvents: (runId, cellId) => [{ ...(defaultEvents(runId, cellId)[0] as object), eventType: "BEGIN" }] });
    t.store.up = true;
    await t.service.run(principal, NOTEBOOK, { scope: "cell", cellId: t.cellId });
    await until(() => readExecution(t.doc, t.cellId).status === "error", "the cell to fail");
    const outputs = (t.doc.getMap("cells").get(t.cellId) as Y.Map<unknown>).get("outputs") as Y.Array<CellOutput>;
    const error = outputs.toArray().find((o) => o.type === "error");
    expect(error).toMatchObject({ type: "error", error: { kind: "exception", name: "LineageError" } });
    expect(error?.type === "error" && error.error.kind === "exception" && error.error.message).toMatch(/^the cell's lineage could not be recorded: 1 lineage event was refused \(.*eventType/s);
  });

  it("refuses an event that names another notebook", async () => {
    const other = randomUUID();
    const t = setup({
      cellEvents: (runId, cellId) => [{ eventType: "START", eventTime: new Date().toISOString(), run: { runId }, job: { namespace: "tracebook", name: "x", kind: "cell", notebookId: other, cellId } }],
    });
    t.store.up = true;
    await t.service.run(principal, NOTEBOOK, { scope: "cell", cellId: t.cellId });
    await until(() => readExecution(t.doc, t.cellId).status === "error", "the cell to fail");
    expect(t.written).toEqual([]);
  });

  it("an interrupt ends the wait; the events stay buffered and are written when the store is back", async () => {
    const t = setup();
    await t.service.run(principal, NOTEBOOK, { scope: "cell", cellId: t.cellId });
    await until(() => t.store.attempts >= 2, "failed writes");
    await t.service.interrupt(principal, NOTEBOOK);
    await until(() => readExecution(t.doc, t.cellId).status === "error", "the cell to end");
    const outputs = ((t.doc.getMap("cells").get(t.cellId) as Y.Map<unknown>).get("outputs") as Y.Array<CellOutput>).toArray();
    expect(outputs).toContainEqual({ type: "error", error: { kind: "interrupted", message: expect.stringMatching(/stays buffered/) } });
    expect(t.recorder.buffered).toBe(2);
    t.store.up = true;
    await t.recorder.flush();
    expect(t.written.map((e) => e.eventType)).toEqual(["START", "COMPLETE"]);
  });
});
