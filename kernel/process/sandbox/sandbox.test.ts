import { afterEach, describe, expect, it } from "vitest";
import { createSandbox } from "./sandbox";
import { compiledCell, errorOf, startSandbox, stringValue, valueOf, type RecordedSandbox } from "./sandbox-fixture";

const open: RecordedSandbox[] = [];
async function sandbox(options: Parameters<typeof startSandbox>[0] = {}) {
  const s = await startSandbox(options);
  open.push(s);
  return s;
}
afterEach(() => {
  for (const s of open.splice(0)) s.sandbox.dispose();
});

describe("running cells", () => {
  it("previews the value and stores definitions as globals for later cells", async () => {
    const s = await sandbox();
    const first = await s.run(`const x = 20; function double(n) { return n * 2 } return { value: x + 1, hasValue: true, defs: { x, double } };`);
    expect(first).toEqual({ ok: true, value: { t: "number", v: 21 }, defs: ["x", "double"] });
    expect(valueOf(await s.value("double(x)"))).toEqual({ t: "number", v: 40 });
  });

  it("a cell without a value reports null", async () => {
    const s = await sandbox();
    expect(await s.run(`const y = 1;`)).toEqual({ ok: true, value: null, defs: [] });
  });

  it("forget deletes cell globals before the next run", async () => {
    const s = await sandbox();
    await s.run(`return { value: undefined, hasValue: false, defs: { gone: 1, kept: 2 } };`);
    s.sandbox.forget(["gone", "display"]);
    expect(stringValue(await s.value("typeof gone + ' ' + typeof kept + ' ' + typeof display"))).toBe("undefined number object");
  });

  it("an array of plain records becomes a table output instead of a value", async () => {
    const s = await sandbox();
    const outcome = await s.value(`[{ a: 1, b: "x" }, { a: 2, c: null }]`);
    expect(outcome).toEqual({
      ok: true,
      value: null,
      table: { type: "table", columns: ["a", "b", "c"], rows: [[1, "x", null], [2, null, null]], total: 2, pageSize: 20 },
      defs: [],
    });
    const mixed = valueOf(await s.value(`[{ a: 1 }, 2]`));
    expect(mixed?.t).toBe("array");
  });

  it("an exception reports name, message and a stack naming the cell file", async () => {
    const s = await sandbox();
    const error = errorOf(await s.sandbox.run(compiledCell(`const o = null;\no.field;`, "boom")));
    expect(error).toMatchObject({ kind: "exception", name: "TypeError" });
    if (error.kind !== "exception") throw new Error("unreachable");
    expect(error.message).toContain("field");
    expect(error.stack).toMatch(/at cell-boom\.js:3:\d+/);
    expect(error.stack).not.toContain("tracebook-prelude.js");
  });

  it("a syntax error is an exception located in the cell", async () => {
    const s = await sandbox();
    const outcome = await s.sandbox.run({ cellId: "bad", filename: "cell-bad.js", code: "(async () => { let = ; })" });
    expect(errorOf(outcome)).toEqual({
      kind: "exception",
      name: "SyntaxError",
      message: "Unexpected token ';'",
      stack: "SyntaxError: Unexpected token ';'\n    at cell-bad.js:1:22",
    });
  });

  it("throwing a non-Error reports it inspected", async () => {
    const s = await sandbox();
    expect(errorOf(await s.run(`throw { code: 7 };`))).toEqual({ kind: "exception", name: "Uncaught", message: "{ code: 7 }", stack: "" });
  });

  it("a cell cannot define a built-in global", async () => {
    const s = await sandbox({ hostFunctions: { "data.load": () => 1 } });
    for (const name of ["display", "data", "sleep"]) {
      const error = errorOf(await s.run(`return { value: 1, hasValue: true, defs: { ${name}: 1 } };`));
      expect(error).toMatchObject({ kind: "exception", name: "TypeError", message: `cannot define "${name}": it is a built-in Tracebook global` });
    }
    expect(stringValue(await s.value("typeof display.table"))).toBe("function");
  });

  it("params is a deeply frozen copy", async () => {
    const params = { rate: 0.1, nested: { list: [1, 2] } };
    const s = await sandbox({ params });
    const outcome = await s.value(
      `[Object.isFrozen(params), Object.isFrozen(params.nested.list), (() => { "use strict"; try { params.nested.list.push(3); return "pushed" } catch (e) { return e.name } })()].join()`,
    );
    expect(stringValue(outcome)).toBe("true,true,TypeError");
    expect(params.nested.list).toEqual([1, 2]);
  });

  it("deep recursion is a RangeError and the sandbox stays usable", async () => {
    const s = await sandbox();
    expect(errorOf(await s.run(`function f(n) { return f(n + 1) + 1 } f(0);`))).toMatchObject({ kind: "exception", name: "RangeError" });
    expect(s.sandbox.disposed).toBe(false);
    expect(valueOf(await s.value("1 + 1"))).toEqual({ t: "number", v: 2 });
  });

  it("a second run while one is running is refused", async () => {
    const s = await sandbox();
    const first = s.run(`await sleep(50);`);
    expect(errorOf(await s.run(`1`))).toEqual({ kind: "internal", message: "another cell is running in this sandbox" });
    expect((await first).ok).toBe(true);
  });

  it("rejects host function names that are not dotted identifiers or shadow globals", async () => {
    const base = { memoryLimitMb: 32, cellTimeoutMs: 1000, params: {}, emit: () => {} };
    await expect(createSandbox({ ...base, hostFunctions: { "bad-name": () => 1 } })).rejects.toThrow(/dotted identifier/);
    await expect(createSandbox({ ...base, hostFunctions: { "display.x": () => 1 } })).rejects.toThrow(/shadows/);
    await expect(createSandbox({ ...base, hostFunctions: { "a.__proto__": () => 1 } })).rejects.toThrow(/not allowed/);
    await expect(createSandbox({ ...base, hostFunctions: { data: () => 1, "data.load": () => 1 } })).rejects.toThrow(/clashes/);
  });
});

describe("limits", () => {
  it("an infinite synchronous loop times out and the host keeps running", async () => {
    const s = await sandbox({ cellTimeoutMs: 300 });
    let hostTicks = 0;
    const ticker = setInterval(() => hostTicks++, 10);
    const outcome = await s.run(`while (true) {}`);
    clearInterval(ticker);
    expect(errorOf(outcome)).toEqual({ kind: "timeout", limitMs: 300 });
    expect(hostTicks).toBeGreaterThan(0);
  });

  it("a CPU loop after an await times out too", async () => {
    const s = await sandbox({ cellTimeoutMs: 300 });
    expect(errorOf(await s.run(`await sleep(1); for (;;) {}`))).toEqual({ kind: "timeout", limitMs: 300 });
  });

  it("CPU spent across many host round trips adds up to a timeout", async () => {
    const s = await sandbox({ cellTimeoutMs: 300, hostFunctions: { tick: () => 0 } });
    const outcome = await s.run(`for (;;) { await tick(); const end = Date.now() + 5; while (Date.now() < end) {} }`);
    expect(errorOf(outcome)).toEqual({ kind: "timeout", limitMs: 300 });
  });

  it("time spent waiting on host calls does not count as CPU time", async () => {
    const s = await sandbox({ cellTimeoutMs: 200 });
    expect((await s.run(`await sleep(400);`)).ok).toBe(true);
  });

  it("exceeding the memory limit reports memory and disposes the sandbox", async () => {
    const s = await sandbox({ memoryLimitMb: 16 });
    const outcome = await s.run(`const keep = []; for (;;) keep.push({ n: Math.random(), s: "x".repeat(64) + Math.random() });`);
    expect(errorOf(outcome)).toEqual({ kind: "memory", limitMb: 16 });
    expect(s.sandbox.disposed).toBe(true);
    expect(errorOf(await s.value("1"))).toEqual({ kind: "internal", message: "the sandbox was disposed; create a new one" });
  });

  it("an ArrayBuffer over the memory limit is a RangeError, the sandbox lives on", async () => {
    const s = await sandbox({ memoryLimitMb: 16 });
    expect(errorOf(await s.run(`new ArrayBuffer(256 * 1024 * 1024);`))).toMatchObject({ kind: "exception", name: "RangeError" });
    expect(s.sandbox.disposed).toBe(false);
  });
});

describe("interrupt", () => {
  it("a cell waiting on a host call ends interrupted, the call is aborted and the sandbox stays", async () => {
    let signal: AbortSignal | null = null;
    const s = await sandbox({
      hostFunctions: { wait: (_args, ctx) => new Promise((resolve) => { signal = ctx.signal; ctx.signal.addEventListener("abort", resolve); }) },
    });
    const running = s.run(`await wait();`);
    await new Promise((r) => setTimeout(r, 50));
    s.sandbox.interrupt();
    expect(errorOf(await running)).toEqual({ kind: "interrupted" });
    expect(signal!.aborted).toBe(true);
    expect(s.sandbox.disposed).toBe(false);
    expect(valueOf(await s.value("40 + 2"))).toEqual({ t: "number", v: 42 });
  });

  it("a cell that catches the interruption defines nothing", async () => {
    const s = await sandbox();
    const running = s.run(`let caught = "no"; try { await sleep(60_000) } catch (e) { caught = e.name } return { value: caught, hasValue: true, defs: { caught } };`);
    await new Promise((r) => setTimeout(r, 50));
    s.sandbox.interrupt();
    expect(errorOf(await running)).toEqual({ kind: "interrupted" });
    expect(stringValue(await s.value("typeof caught"))).toBe("undefined");
  });

  it("a cell stuck on a promise nothing will settle ends interrupted and keeps its isolate", async () => {
    const s = await sandbox();
    await s.run(`return { value: undefined, hasValue: false, defs: { kept: 1 } };`);
    const running = s.run(`await new Promise(() => {});`);
    await new Promise((r) => setTimeout(r, 30));
    s.sandbox.interrupt();
    expect(errorOf(await running)).toEqual({ kind: "interrupted" });
    expect(s.sandbox.disposed).toBe(false);
    expect(valueOf(await s.value("kept"))).toEqual({ t: "number", v: 1 });
  });

  it("interrupting with no cell running changes nothing", async () => {
    const s = await sandbox();
    s.sandbox.interrupt();
    expect(valueOf(await s.value("await sleep(1), 3"))).toEqual({ t: "number", v: 3 });
  });

  it("a CPU-bound cell ends interrupted and its isolate is disposed", async () => {
    const s = await sandbox({ cellTimeoutMs: 60_000 });
    const running = s.run(`await sleep(1); for (;;) {}`);
    await new Promise((r) => setTimeout(r, 100));
    s.sandbox.interrupt();
    expect(errorOf(await running)).toEqual({ kind: "interrupted" });
    expect(s.sandbox.disposed).toBe(true);
  });

  it("dispose during a run ends it interrupted", async () => {
    const s = await sandbox();
    const running = s.run(`await sleep(60_000);`);
    await new Promise((r) => setTimeout(r, 30));
    s.sandbox.dispose();
    expect(errorOf(await running)).toEqual({ kind: "interrupted" });
    expect(s.sandbox.disposed).toBe(true);
  });
});
