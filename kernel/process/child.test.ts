import { describe, expect, it } from "vitest";
import { DEFAULT_KERNEL_SETTINGS, type KernelSettings } from "../../protocol/kernel";
import { startKernelChild } from "./child";
import { createHostRegistry } from "./host";
import type { ChildMessage, RunContext, ServerMessage } from "./ipc";

/** The child loop in this process, over an in-memory port, with the real sandbox. */
function startChild(settings: Partial<KernelSettings> = {}, registry = createHostRegistry()) {
  const sent: ChildMessage[] = [];
  const waiters: Array<{ match: (m: ChildMessage) => boolean; resolve: (m: ChildMessage) => void }> = [];
  let deliver!: (raw: unknown) => void;
  const exits: number[] = [];
  startKernelChild(
    {
      pid: 4242,
      send(message) {
        sent.push(message);
        for (const waiter of [...waiters]) {
          if (waiter.match(message)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve(message);
          }
        }
      },
      onMessage: (listener) => (deliver = listener),
      exit: (code) => exits.push(code),
    },
    registry,
  );
  const until = (match: (m: ChildMessage) => boolean) =>
    new Promise<ChildMessage>((resolve) => {
      const found = sent.find(match);
      if (found) resolve(found);
      else waiters.push({ match, resolve });
    });
  const send = (message: ServerMessage | unknown) => deliver(message);
  send({ type: "init", notebookId: "00000000-0000-4000-8000-000000000001", settings: { ...DEFAULT_KERNEL_SETTINGS, ...settings }, params: {} });
  const run = (runId: string, body: string, context?: RunContext) => {
    send({ type: "run", runId, cellId: `c-${runId}`, code: `(async () => { ${body} })`, filename: `cell-c-${runId}.js`, ...(context ? { context } : {}) });
    return until((m) => m.type === "done" && m.runId === runId);
  };
  return { sent, until, send, run, exits };
}

describe("kernel child loop", () => {
  it("reports ready with its pid, then runs cells in order", async () => {
    const child = startChild();
    expect(await child.until((m) => m.type === "ready")).toEqual({ type: "ready", pid: 4242, backend: null });
    const first = child.run("1", `return { value: 1, hasValue: true, defs: { a: 1 } };`);
    const second = child.run("2", `return { value: a + 1, hasValue: true, defs: {} };`);
    expect(await first).toMatchObject({ outcome: { ok: true, defs: ["a"] } });
    expect(await second).toMatchObject({ outcome: { ok: true, value: { t: "number", v: 2 } } });
  });

  it("sends reset before done when a run disposed the sandbox, then runs in a fresh one", async () => {
    const child = startChild({ memoryLimitMb: 32 });
    await child.run("1", `return { value: 1, hasValue: true, defs: { kept: 1 } };`);
    await child.run("2", `const a = []; while (true) a.push(new Array(1e6).fill(1));`);
    const tail = child.sent.filter((m) => m.type === "reset" || (m.type === "done" && m.runId === "2"));
    expect(tail.map((m) => m.type)).toEqual(["reset", "done"]);
    expect(tail[0]).toMatchObject({ reason: { cause: "memory" } });
    expect(await child.run("3", `return { value: typeof kept, hasValue: true, defs: {} };`)).toMatchObject({
      outcome: { ok: true, value: { v: "undefined" } },
    });
  });

  it("ignores an interrupt while no cell runs: the state stays", async () => {
    const child = startChild();
    await child.run("1", `return { value: 1, hasValue: true, defs: { kept: 5 } };`);
    child.send({ type: "interrupt" });
    expect(await child.run("2", `return { value: kept, hasValue: true, defs: {} };`)).toMatchObject({
      outcome: { ok: true, value: { v: 5 } },
    });
    expect(child.sent.some((m) => m.type === "reset")).toBe(false);
  });

  it("logs and ignores malformed messages and a second init", async () => {
    const child = startChild();
    await child.until((m) => m.type === "ready");
    child.send({ type: "run", runId: 3 });
    child.send({ type: "init", notebookId: "00000000-0000-4000-8000-000000000001", settings: DEFAULT_KERNEL_SETTINGS, params: {} });
    const logs = child.sent.filter((m) => m.type === "log");
    expect(logs).toEqual([
      { type: "log", level: "warn", message: "ignored a malformed message from the server" },
      { type: "log", level: "warn", message: "ignored a second init" },
    ]);
    expect(child.sent.filter((m) => m.type === "ready")).toHaveLength(1);
  });

  it("bridges the registered host modules into the isolate and reports their backend", async () => {
    const registry = createHostRegistry();
    const calls: Array<{ args: unknown[]; cellId: string }> = [];
    registry.register({
      name: "lab",
      functions: { double: (args, ctx) => (calls.push({ args, cellId: ctx.cellId }), (args[0] as number) * 2) },
      backend: () => "test-backend",
    });
    const child = startChild({}, registry);
    expect(await child.until((m) => m.type === "ready")).toMatchObject({ backend: "test-backend" });
    expect(await child.run("1", `return { value: await lab.double(21), hasValue: true, defs: {} };`)).toMatchObject({
      outcome: { ok: true, value: { t: "number", v: 42 } },
    });
    expect(calls).toEqual([{ args: [21], cellId: "c-1" }]);
  });

  it("answers a host function's server request with the server's response, values and errors alike", async () => {
    const registry = createHostRegistry();
    registry.register({
      name: "lab",
      functions: { ask: (args, ctx) => ctx.kernel.server.request("files", "resolve", { name: args[0] }) },
    });
    const child = startChild({}, registry);
    await child.until((m) => m.type === "ready");
    const done = child.run("1", `const a = await lab.ask("a.csv"); let b; try { await lab.ask("zz"); } catch (e) { b = e.name + ": " + e.message; } return { value: [a, b], hasValue: true, defs: {} };`);
    const first = await child.until((m) => m.type === "request");
    expect(first).toEqual({ type: "request", id: 1, service: "files", method: "resolve", payload: { name: "a.csv" } });
    child.send({ type: "response", id: 1, ok: true, value: "/data/a.csv" });
    const second = await child.until((m) => m.type === "request" && m.id === 2);
    expect(second).toMatchObject({ payload: { name: "zz" } });
    child.send({ type: "response", id: 2, ok: false, error: { code: "not_found", message: "no file zz; uploaded: a.csv" } });
    const outcome = (await done) as Extract<ChildMessage, { type: "done" }>;
    expect(outcome.outcome).toMatchObject({ ok: true, value: { t: "array", items: [{ v: "/data/a.csv" }, { v: "ServerRequestError: no file zz; uploaded: a.csv" }] } });
  });

  it("records a primitive call's lineage under the cell's run, all before the run's done", async () => {
    const registry = createHostRegistry();
    registry.register({
      name: "lab",
      functions: {
        twice: (args, ctx) =>
          ctx.kernel.lineage.record(ctx.cellId, { primitive: "lab.twice", parameters: { x: args[0] } }, async (lineage) => {
            if (args[0] === 0) throw new RangeError("zero");
            lineage.output({ namespace: "test", name: "out", version: "a".repeat(64) });
            return (args[0] as number) * 2;
          }),
      },
    });
    const child = startChild({}, registry);
    await child.until((m) => m.type === "ready");
    const actor = { id: "00000000-0000-4000-8000-0000000000aa", name: "Ann" };
    await child.run("1", `await lab.twice(2); await lab.twice(0); return { value: 1, hasValue: true, defs: {} };`, { actor, source: "lab.twice(2)" });
    const tail = child.sent.filter((m) => m.type === "event" || m.type === "done");
    const events = tail.flatMap((m) => (m.type === "event" ? [m.payload as { eventType: string; run: { runId: string; parentRunId?: string; facets: Record<string, unknown> }; job: { name: string }; actorId?: string; outputs?: unknown[] }] : []));
    expect(tail.map((m) => (m.type === "event" ? (m.payload as { eventType: string }).eventType : m.type))).toEqual([
      "START", // the cell's run
      "START", "COMPLETE", // lab.twice(2)
      "START", "FAIL", // lab.twice(0)
      "FAIL", // the cell's run (the cell threw)
      "done",
    ]);
    const [cellStart, callStart, callComplete, failStart, callFail, cellEnd] = events as [typeof events[0], typeof events[0], typeof events[0], typeof events[0], typeof events[0], typeof events[0]];
    expect(tail.filter((m) => m.type === "event").every((m) => m.type === "event" && m.service === "lineage" && m.name === "record")).toBe(true);
    expect(cellStart.run.runId).toBe("1");
    expect(cellStart.job.name).toBe("00000000-0000-4000-8000-000000000001/c-1");
    expect(cellStart.actorId).toBe(actor.id);
    expect(cellStart.run.facets.sourceCode).toEqual({ language: "TypeScript", sourceCode: "lab.twice(2)" });
    expect(callStart.run.parentRunId).toBe("1");
    expect(callStart.job.name).toBe("00000000-0000-4000-8000-000000000001/c-1/lab.twice");
    expect(callStart.run.facets.parameters).toEqual({ x: 2 });
    expect(callComplete.run.runId).toBe(callStart.run.runId);
    expect(callComplete.outputs).toEqual([{ namespace: "test", name: "out", version: "a".repeat(64) }]);
    expect(failStart.run.runId).not.toBe(callStart.run.runId);
    expect(callFail.run.facets.errorMessage).toEqual({ message: "RangeError: zero", programmingLanguage: "TypeScript" });
    expect(cellEnd.run.runId).toBe("1");
    expect((cellEnd.run.facets.errorMessage as { message: string }).message).toBe("RangeError: zero");
  });

  it("records no lineage for a cell that calls no primitive", async () => {
    const child = startChild();
    await child.run("1", `return { value: 1, hasValue: true, defs: {} };`, { actor: null, source: "1" });
    expect(child.sent.some((m) => m.type === "event")).toBe(false);
  });

  it("exits on shutdown", async () => {
    const child = startChild();
    await child.until((m) => m.type === "ready");
    child.send({ type: "shutdown" });
    expect(child.exits).toEqual([0]);
  });
});
