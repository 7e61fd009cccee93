import { describe, expect, it } from "vitest";
import { DEFAULT_KERNEL_SETTINGS, type KernelSettings } from "../../protocol/kernel";
import { startKernelChild } from "./child";
import { createHostRegistry } from "./host";
import type { ChildMessage, ServerMessage } from "./ipc";

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
  send({ type: "init", settings: { ...DEFAULT_KERNEL_SETTINGS, ...settings }, params: {} });
  const run = (runId: string, body: string) => {
    send({ type: "run", runId, cellId: `c-${runId}`, code: `(async () => { ${body} })`, filename: `cell-c-${runId}.js` });
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
    child.send({ type: "init", settings: DEFAULT_KERNEL_SETTINGS, params: {} });
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

  it("exits on shutdown", async () => {
    const child = startChild();
    await child.until((m) => m.type === "ready");
    child.send({ type: "shutdown" });
    expect(child.exits).toEqual([0]);
  });
});
