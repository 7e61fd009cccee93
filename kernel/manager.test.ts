import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { NotebookId } from "../protocol/ids";
import { DEFAULT_KERNEL_SETTINGS, type KernelSettings } from "../protocol/kernel";
import type { CellOutput } from "../protocol/outputs";
import { isAppError } from "../protocol/errors";
import { createForkSpawner } from "./manager/child";
import { createKernelManager, type KernelManager, type KernelResetReason, type KernelManagerOptions } from "./manager";

/** Hand-written compiled cells: one expression evaluating to the cell's async function. */
function cell(body: string, cellId = randomUUID()) {
  return { cellId, code: `(async () => { ${body} })`, filename: `cell-${cellId}.js` };
}
const value = (expr: string, defs = "{}") => cell(`return { value: ${expr}, hasValue: true, defs: ${defs} };`);
const notebook = () => randomUUID() as NotebookId;

const managers: KernelManager[] = [];
afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.closeAll()));
});

function manager(settings: Partial<KernelSettings> = {}, extra: Partial<KernelManagerOptions> = {}) {
  const lines: string[] = [];
  const m = createKernelManager({
    settings: () => ({ ...DEFAULT_KERNEL_SETTINGS, ...settings }),
    log: (line) => lines.push(line),
    ...extra,
  });
  managers.push(m);
  return m;
}

function resets(m: KernelManager) {
  const seen: Array<{ notebookId: NotebookId; reason: KernelResetReason }> = [];
  const waiters: Array<() => void> = [];
  m.onReset((notebookId, reason) => {
    seen.push({ notebookId, reason });
    waiters.splice(0).forEach((w) => w());
  });
  return {
    seen,
    next: () => new Promise<void>((resolve) => waiters.push(resolve)),
  };
}

describe("kernel manager (real child processes)", () => {
  it("runs cells, streams outputs in order, keeps definitions and forgets them", async () => {
    const m = manager();
    const kernel = await m.acquire(notebook());
    expect(kernel.status).toBe("idle");
    expect(kernel.pid).toBeGreaterThan(0);
    expect(kernel.pid).not.toBe(process.pid);

    const outputs: CellOutput[] = [];
    const first = await kernel.run(
      cell(`for (let i = 0; i < 50; i++) console.log("line " + i); const x = 40; return { value: x + 2, hasValue: true, defs: { x } };`),
      (o) => outputs.push(o),
    );
    expect(first).toMatchObject({ ok: true, value: { t: "number", v: 42 }, defs: ["x"] });
    const text = outputs.map((o) => (o.type === "stream" ? o.text : "")).join("");
    expect(text).toBe(Array.from({ length: 50 }, (_, i) => `line ${i}\n`).join(""));

    expect(await kernel.run(value("x * 2"), () => {})).toMatchObject({ ok: true, value: { t: "number", v: 80 } });
    kernel.forget(["x"]);
    const after = await kernel.run(value("x"), () => {});
    expect(after.ok).toBe(false);
    if (!after.ok) expect(after.error).toMatchObject({ kind: "exception", name: "ReferenceError" });
  });

  it("refuses a second run while one is in flight", async () => {
    const m = manager();
    const kernel = await m.acquire(notebook());
    const slow = kernel.run(cell(`await sleep(50); return { value: 1, hasValue: true, defs: {} };`), () => {});
    expect(kernel.status).toBe("busy");
    expect(() => kernel.run(value("2"), () => {})).toThrow(/one run at a time/);
    expect(await slow).toMatchObject({ ok: true, value: { v: 1 } });
    expect(kernel.status).toBe("idle");
  });

  it("hands outputs of work a finished cell left running to the late-output listeners", async () => {
    const m = manager();
    const id = notebook();
    const late: Array<{ notebookId: NotebookId; cellId: string; output: CellOutput }> = [];
    let arrived!: () => void;
    const arrival = new Promise<void>((r) => (arrived = r));
    m.onLateOutput((notebookId, cellId, output) => {
      late.push({ notebookId, cellId, output });
      arrived();
    });
    const kernel = await m.acquire(id);
    const background = cell(`sleep(20).then(() => console.log("later")); console.log("now"); return { value: undefined, hasValue: false, defs: {} };`);
    const own: CellOutput[] = [];
    expect(await kernel.run(background, (o) => own.push(o))).toMatchObject({ ok: true });
    expect(own).toEqual([{ type: "stream", name: "stdout", text: "now\n" }]);
    await arrival;
    expect(late).toEqual([{ notebookId: id, cellId: background.cellId, output: { type: "stream", name: "stdout", text: "later\n" } }]);
  });

  it("shares one start between concurrent acquires of a notebook", async () => {
    const m = manager();
    const id = notebook();
    const [a, b] = await Promise.all([m.acquire(id), m.acquire(id)]);
    expect(a).toBe(b);
    expect(m.liveCount()).toBe(1);
    expect(m.get(id)).toBe(a);
    expect(m.info(id)).toMatchObject({ status: "idle", memoryLimitMb: 512, startedAt: a.startedAt });
  });

  it("keeps two notebooks' kernels apart", async () => {
    const m = manager();
    const a = await m.acquire(notebook());
    const b = await m.acquire(notebook());
    expect(a.pid).not.toBe(b.pid);
    await a.run(cell(`globalThis.secret = 7; return { value: undefined, hasValue: false, defs: { shared: 1 } };`), () => {});
    expect(await a.run(value("secret + shared"), () => {})).toMatchObject({ ok: true, value: { v: 8 } });
    expect(await b.run(value("typeof secret + typeof shared"), () => {})).toMatchObject({
      ok: true,
      value: { t: "string", v: "undefinedundefined" },
    });
  });

  it("interrupts a CPU-bound loop, and the kernel runs the next cell", async () => {
    const m = manager();
    const id = notebook();
    const kernel = await m.acquire(id);
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const outcome = kernel.run(cell(`console.log("spinning"); while (true) {}`), () => started());
    await running;
    expect(m.interrupt(id)).toBe(true);
    expect(await outcome).toEqual({ ok: false, error: { kind: "interrupted" } });
    expect(m.interrupt(id)).toBe(false);
    const again = await m.acquire(id);
    expect(again.pid).toBe(kernel.pid);
    expect(await again.run(value("1 + 1"), () => {})).toMatchObject({ ok: true, value: { v: 2 } });
  });

  it("ends a cell at its time limit; the kernel survives", async () => {
    const m = manager({ cellTimeoutMs: 300 });
    const kernel = await m.acquire(notebook());
    const outcome = await kernel.run(cell(`while (true) {}`), () => {});
    expect(outcome).toEqual({ ok: false, error: { kind: "timeout", limitMs: 300 } });
    expect(await kernel.run(value("3"), () => {})).toMatchObject({ ok: true, value: { v: 3 } });
  });

  it("reports a memory bomb as a memory error, resets the state and runs the next cell", async () => {
    const m = manager({ memoryLimitMb: 64 });
    const { seen } = resets(m);
    const id = notebook();
    const kernel = await m.acquire(id);
    await kernel.run(value("1", "{ kept: 1 }"), () => {});
    const outcome = await kernel.run(cell(`const a = []; while (true) a.push(new Array(1e6).fill(1));`), () => {});
    expect(outcome).toEqual({ ok: false, error: { kind: "memory", limitMb: 64 } });
    expect(seen).toEqual([{ notebookId: id, reason: expect.objectContaining({ kind: "sandbox", cause: "memory" }) }]);
    expect(await kernel.run(value("typeof kept"), () => {})).toMatchObject({ ok: true, value: { v: "undefined" } });
    expect(kernel.status).toBe("idle");
  });

  it("survives kill -9 of the child mid-run: internal error, then a fresh kernel", async () => {
    const m = manager();
    const { seen } = resets(m);
    const id = notebook();
    const kernel = await m.acquire(id);
    const pid = kernel.pid!;
    const outcome = kernel.run(cell(`console.log("go"); while (true) {}`), () => process.kill(pid, "SIGKILL"));
    const result = await outcome;
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ kind: "internal", message: expect.stringMatching(/SIGKILL/) });
    expect(kernel.status).toBe("dead");
    expect(seen.map((s) => s.reason.kind)).toEqual(["crash"]);
    expect(m.get(id)).toBeUndefined();
    expect(m.info(id).status).toBe("none");
    expect(await kernel.run(value("1"), () => {})).toMatchObject({ ok: false, error: { kind: "internal" } });

    const fresh = await m.acquire(id);
    expect(fresh.pid).not.toBe(pid);
    expect(await fresh.run(value("1 + 1"), () => {})).toMatchObject({ ok: true, value: { v: 2 } });
  });

  it("kills a kernel whose interrupted run does not end, and reports the run as interrupted", async () => {
    const m = manager({}, { timings: { interruptGraceMs: 200 } });
    const { seen } = resets(m);
    const id = notebook();
    const kernel = await m.acquire(id);
    const pid = kernel.pid!;
    // A stopped process cannot answer: the interrupt must escalate to a kill.
    const outcome = kernel.run(cell(`console.log("go"); while (true) {}`), () => process.kill(pid, "SIGSTOP"));
    await new Promise<void>((resolve) => {
      const poll = () => (kernel.status === "busy" && isStopped(pid) ? resolve() : setTimeout(poll, 10));
      poll();
    });
    expect(m.interrupt(id)).toBe(true);
    expect(await outcome).toEqual({ ok: false, error: { kind: "interrupted" } });
    expect(kernel.status).toBe("dead");
    expect(seen.map((s) => s.reason.kind)).toEqual(["killed"]);
    expect(processExists(pid)).toBe(false);
    const fresh = await m.acquire(id);
    expect(await fresh.run(value("5"), () => {})).toMatchObject({ ok: true, value: { v: 5 } });
  });

  it("restarts: a new process without the old state", async () => {
    const m = manager();
    const { seen } = resets(m);
    const id = notebook();
    const kernel = await m.acquire(id);
    await kernel.run(value("1", "{ y: 1 }"), () => {});
    const restarted = await m.restart(id);
    expect(restarted.pid).not.toBe(kernel.pid);
    expect(kernel.status).toBe("dead");
    expect(processExists(kernel.pid!)).toBe(false);
    expect(seen.map((s) => s.reason.kind)).toEqual(["restart"]);
    expect(await restarted.run(value("typeof y"), () => {})).toMatchObject({ ok: true, value: { v: "undefined" } });
    expect(m.liveCount()).toBe(1);

    // Racing restarts and acquires share one new process: none is left behind untracked.
    const [a, b, c] = await Promise.all([m.restart(id), m.acquire(id), m.restart(id)]);
    expect(a).toBe(b);
    expect(a).toBe(c);
    expect(a.status).toBe("idle");
    expect(processExists(restarted.pid!)).toBe(false);
    expect(m.liveCount()).toBe(1);
  });

  it("refuses a kernel past the server's limit with a clear error", async () => {
    const m = manager({ maxKernels: 2, idleShutdownMs: 10 * 60_000 });
    const first = notebook();
    await m.acquire(first);
    await m.acquire(notebook());
    const refused = await m.acquire(notebook()).catch((e: unknown) => e);
    expect(isAppError(refused)).toBe(true);
    if (isAppError(refused)) {
      expect(refused.code).toBe("unavailable");
      expect(refused.message).toMatch(/All 2 kernels/);
      expect(refused.message).toMatch(/shut down after 10 minutes/);
    }
    expect(m.liveCount()).toBe(2);
    await m.shutdown(first);
    expect(m.liveCount()).toBe(1);
    await expect(m.acquire(notebook())).resolves.toMatchObject({ status: "idle" });
  });

  it("shuts a kernel down after it has been idle", async () => {
    const m = manager({ idleShutdownMs: 1000 });
    const { seen, next } = resets(m);
    const id = notebook();
    const kernel = await m.acquire(id);
    await kernel.run(value("1"), () => {});
    await next();
    expect(seen).toEqual([{ notebookId: id, reason: expect.objectContaining({ kind: "idle" }) }]);
    expect(kernel.status).toBe("dead");
    expect(m.liveCount()).toBe(0);
    expect(processExists(kernel.pid!)).toBe(false);
  });

  it("reports a child that dies before it is ready as a failed start", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "tracebook-kernel-test-"));
    const entry = path.join(dir, "dies.cjs");
    writeFileSync(entry, `console.error("broken kernel"); process.exit(3);`);
    try {
      const m = manager({}, { spawn: createForkSpawner({ entry, log: () => {} }) });
      const id = notebook();
      const failed = await m.acquire(id).catch((e: unknown) => e);
      expect(isAppError(failed) && failed.code).toBe("unavailable");
      expect(String((failed as Error).message)).toMatch(/exited before it was ready \(code 3\)/);
      expect(m.liveCount()).toBe(0);
      expect(m.info(id).status).toBe("none");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reports a child that V8 killed for memory mid-run as a memory error", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "tracebook-kernel-test-"));
    const entry = path.join(dir, "oom.cjs");
    // Speaks the protocol, then dies as V8 does when the process heap is exhausted (without a core file).
    writeFileSync(
      entry,
      `process.on("message", (m) => {
        if (m.type === "init") process.send({ type: "ready", pid: process.pid, backend: null });
        if (m.type === "run") { process.stderr.write("FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\\n"); process.exit(134); }
      });`,
    );
    try {
      const m = manager({ memoryLimitMb: 96 }, { spawn: createForkSpawner({ entry, log: () => {} }) });
      const { seen } = resets(m);
      const kernel = await m.acquire(notebook());
      expect(await kernel.run(value("1"), () => {})).toEqual({ ok: false, error: { kind: "memory", limitMb: 96 } });
      expect(seen.map((s) => s.reason)).toEqual([expect.objectContaining({ kind: "crash", message: expect.stringMatching(/ran out of memory/) })]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reads the settings at each kernel start", async () => {
    let settings: KernelSettings = { ...DEFAULT_KERNEL_SETTINGS, memoryLimitMb: 128 };
    const m = manager({}, { settings: () => settings });
    const id = notebook();
    expect((await m.acquire(id)).settings.memoryLimitMb).toBe(128);
    settings = { ...settings, memoryLimitMb: 256 };
    expect(m.info(id).memoryLimitMb).toBe(128);
    expect((await m.restart(id)).settings.memoryLimitMb).toBe(256);
  });
});

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function isStopped(pid: number): boolean {
  try {
    // /proc/<pid>/stat's third field is the state; T means stopped.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("T");
  } catch {
    return false;
  }
}
