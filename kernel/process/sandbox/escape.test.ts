/**
 * Escape suite: each test is one attempt by cell code to reach the host (its
 * Function, process, prototypes, References, memory or event loop) and
 * asserts the concrete safe outcome.
 */
import { types } from "node:util";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { counters, HOST_PATH, hostFunctions, received } from "./escape-fixture";
import { errorOf, startSandbox, stringValue, valueOf, type RecordedSandbox } from "./sandbox-fixture";

const hostPrototypes = () => ({
  object: Object.getOwnPropertyNames(Object.prototype).sort(),
  array: Object.getOwnPropertyNames(Array.prototype).sort(),
  func: Object.getOwnPropertyNames(Function.prototype).sort(),
  error: Object.getOwnPropertyNames(Error.prototype).sort(),
});
let baseline: ReturnType<typeof hostPrototypes>;
beforeAll(() => {
  baseline = hostPrototypes();
});

const open: RecordedSandbox[] = [];
async function sandbox(options: Parameters<typeof startSandbox>[0] = {}) {
  const s = await startSandbox({ hostFunctions, ...options });
  open.push(s);
  return s;
}
afterEach(() => {
  for (const s of open.splice(0)) s.sandbox.dispose();
  // No attempt may leave a trace on the host's built-in prototypes.
  expect(hostPrototypes()).toEqual(baseline);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(typeof (globalThis as Record<string, unknown>).process).toBe("object");
});

describe("constructor chains lead back into the isolate only", () => {
  it("this.constructor.constructor('return process')() finds no process", async () => {
    const s = await sandbox();
    expect(errorOf(await s.run(`this.constructor.constructor("return process")();`))).toMatchObject({
      kind: "exception",
      name: "ReferenceError",
      message: "process is not defined",
    });
  });

  it("Function('return this')() is the isolate's global, without Node's globals", async () => {
    const s = await sandbox();
    const names = ["process", "require", "module", "exports", "Buffer", "global", "__dirname", "__filename"];
    const outcome = await s.value(`names.map((n) => typeof g[n]).join()`, `const g = Function("return this")(); const names = ${JSON.stringify(names)};`);
    expect(stringValue(outcome)).toBe(names.map(() => "undefined").join());
  });

  it("a value returned by a host function has the isolate's constructors", async () => {
    const s = await sandbox();
    const outcome = await s.value(
      `[r.constructor === Object, r.constructor.constructor === Function, r.constructor.constructor("return typeof process")()].join()`,
      `const r = await echo({ a: 1 });`,
    );
    expect(stringValue(outcome)).toBe("true,true,undefined");
  });

  it("an error thrown by a host function is an isolate Error", async () => {
    const s = await sandbox();
    const outcome = await s.value(
      `[Object.getPrototypeOf(e) === Error.prototype, e.constructor.constructor("return typeof process")()].join()`,
      `let e; try { await fail() } catch (x) { e = x }`,
    );
    expect(stringValue(outcome)).toBe("true,undefined");
  });

  it("a handle's constructor chain is the isolate's", async () => {
    const s = await sandbox();
    const outcome = await s.value(
      `[Object.getPrototypeOf(h) === Object.prototype, h.constructor.constructor("return typeof process")(), Object.keys(h).join("+")].join()`,
      `const h = await model.create();`,
    );
    expect(stringValue(outcome)).toBe("true,undefined,__tbHandle+kind");
  });

  it("the bridged functions and the display API are isolate functions", async () => {
    const s = await sandbox();
    const outcome = await s.value(
      `[echo, model.create, display.table, console.log, sleep].map((f) => f.constructor === Function && f.constructor("return typeof process")()).join()`,
    );
    expect(stringValue(outcome)).toBe("undefined,undefined,undefined,undefined,undefined");
  });
});

describe("no ambient authority", () => {
  it("dynamic import() is refused", async () => {
    const s = await sandbox();
    const outcome = await s.value(`results.join()`, `const results = []; for (const m of ["fs", "node:child_process", "data:text/javascript,1"]) { try { await import(m); results.push("loaded") } catch (e) { results.push(e.message) } }`);
    expect(stringValue(outcome)).toBe("Not supported,Not supported,Not supported");
  });

  it("static import is a syntax error (cells are scripts)", async () => {
    const s = await sandbox();
    const outcome = await s.sandbox.run({ cellId: "imp", filename: "cell-imp.js", code: `import fs from "fs"; (async () => ({}))` });
    expect(errorOf(outcome)).toMatchObject({ kind: "exception", name: "SyntaxError", message: "Cannot use import statement outside a module" });
  });

  it("require is not defined", async () => {
    const s = await sandbox();
    expect(errorOf(await s.run(`require("fs");`))).toMatchObject({ name: "ReferenceError", message: "require is not defined" });
  });

  it("eval and new Function run in the isolate with the isolate's global", async () => {
    const s = await sandbox();
    const outcome = await s.value(`[eval("typeof process"), typeof (0, eval)("this").process, new Function("return globalThis")() === globalThis].join()`);
    expect(stringValue(outcome)).toBe("undefined,undefined,true");
  });

  it("there are no timers, network or messaging APIs", async () => {
    const s = await sandbox();
    const names = ["setTimeout", "setInterval", "setImmediate", "queueMicrotask", "fetch", "XMLHttpRequest", "WebSocket", "postMessage", "Worker", "performance"];
    expect(stringValue(await s.value(`${JSON.stringify(names)}.map((n) => typeof globalThis[n]).join()`))).toBe(names.map(() => "undefined").join());
  });

  it("WebAssembly is gone (its memory is not counted against the limit)", async () => {
    const s = await sandbox();
    expect(stringValue(await s.value(`typeof WebAssembly + " " + Object.getOwnPropertyNames(globalThis).includes("WebAssembly")`))).toBe("undefined false");
    expect(errorOf(await s.run(`new WebAssembly.Memory({ initial: 1, maximum: 65536 }).grow(60000);`))).toMatchObject({ name: "ReferenceError" });
  });

  it("FinalizationRegistry is gone: no cell code runs outside a run through GC callbacks", async () => {
    const s = await sandbox();
    expect(errorOf(await s.run(`new FinalizationRegistry(() => { for (;;) {} }).register({}, 1);`))).toMatchObject({
      name: "ReferenceError",
      message: "FinalizationRegistry is not defined",
    });
  });

  it("SharedArrayBuffer and Atomics are gone, so Atomics.wait cannot block the isolate", async () => {
    const s = await sandbox();
    expect(stringValue(await s.value(`typeof SharedArrayBuffer + " " + typeof Atomics`))).toBe("undefined undefined");
    expect(errorOf(await s.run(`Atomics.wait(new Int32Array(4), 0, 0);`))).toMatchObject({ name: "ReferenceError", message: "Atomics is not defined" });
  });

  it("globalThis holds only the language built-ins and the Tracebook globals", async () => {
    const s = await sandbox();
    const names = new Set(stringValue(await s.value(`Reflect.ownKeys(globalThis).map(String).join()`)).split(","));
    const builtins = [
      "Object", "Function", "Array", "Number", "parseFloat", "parseInt", "Infinity", "NaN", "undefined", "Boolean", "String",
      "Symbol", "Date", "Promise", "RegExp", "Error", "AggregateError", "EvalError", "RangeError", "ReferenceError",
      "SyntaxError", "TypeError", "URIError", "globalThis", "JSON", "Math", "Intl", "ArrayBuffer", "Uint8Array",
      "Int8Array", "Uint16Array", "Int16Array", "Uint32Array", "Int32Array", "Float32Array", "Float64Array",
      "Uint8ClampedArray", "BigUint64Array", "BigInt64Array", "DataView", "Map", "BigInt", "Set", "WeakMap", "WeakSet",
      "Proxy", "Reflect", "WeakRef", "decodeURI", "decodeURIComponent", "encodeURI",
      "encodeURIComponent", "escape", "unescape", "eval", "isFinite", "isNaN",
    ];
    const tracebook = ["display", "console", "params", "sleep", "echo", "fail", "merge", "take", "secretHost", "model", "store"];
    expect(names).toEqual(new Set([...builtins, ...tracebook]));
  });

  it("no isolated-vm Reference, ExternalCopy or Callback object is reachable from globalThis", async () => {
    const s = await sandbox();
    const outcome = await s.value(
      `JSON.stringify({ visited, found })`,
      `const seen = new Set(); const queue = [globalThis]; const found = []; let visited = 0;
       const banned = ["Reference", "ExternalCopy", "Callback", "Isolate", "Context", "Script", "Module", "NativeModule", "Dereference", "Copy"];
       while (queue.length && visited < 20000) {
         const o = queue.shift(); if (seen.has(o)) continue; seen.add(o); visited++;
         const ctor = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(o) ?? {}, "constructor")?.value;
         if (ctor && banned.includes(ctor.name)) found.push(ctor.name);
         for (const key of Reflect.ownKeys(o)) {
           const d = Object.getOwnPropertyDescriptor(o, key);
           for (const v of [d?.value, d?.get, d?.set]) if ((typeof v === "object" || typeof v === "function") && v !== null) queue.push(v);
         }
         const proto = Object.getPrototypeOf(o); if (proto) queue.push(proto);
       }`,
    );
    const { visited, found } = JSON.parse(stringValue(outcome)) as { visited: number; found: string[] };
    expect(visited).toBeGreaterThan(500);
    expect(found).toEqual([]);
  });

  it("the prelude's boot globals are gone before any cell runs", async () => {
    const s = await sandbox();
    expect(stringValue(await s.value(`["__tb_emit", "__tb_call", "__tb_config", "__tb_hooks"].map((n) => n in globalThis).join()`))).toBe("false,false,false,false");
  });

  it("a cell cannot replace or delete the Tracebook globals to intercept later cells", async () => {
    const s = await sandbox();
    await s.run(`globalThis.console = { log() {} }; delete globalThis.sleep; try { display.table = null } catch {} try { Object.defineProperty(globalThis, "display", { value: 1 }) } catch {}`);
    await s.run(`console.log("still mine"); await sleep(1); display.markdown("ok");`);
    expect(s.stream("stdout")).toBe("still mine\n");
    expect(s.outputs.at(-1)?.output).toEqual({ type: "markdown", text: "ok" });
  });
});

describe("nothing host-side runs cell code or takes cell objects", () => {
  it("getters in arguments are refused and never run", async () => {
    const s = await sandbox();
    const outcome = await s.value(`ran`, `let ran = 0; try { await take({ get x() { ran++; return 1 } }) } catch {}`);
    expect(valueOf(outcome)).toEqual({ t: "number", v: 0 });
    expect(counters.take).toBe(0);
  });

  it("a proxy argument reaches the host as plain data; a throwing trap stops the call in the isolate", async () => {
    const s = await sandbox();
    received.length = 0;
    counters.take = 0;
    await s.run(`await take(new Proxy({ a: 1 }, {}));`);
    expect(types.isProxy(received[0])).toBe(false);
    expect(received[0]).toEqual({ a: 1 });
    const outcome = await s.run(`await take(new Proxy({}, { ownKeys() { throw new Error("trap ran in the isolate") } }));`);
    expect(errorOf(outcome)).toMatchObject({ message: "trap ran in the isolate" });
    expect(counters.take).toBe(1);
  });

  it("functions hidden in arguments (toJSON, valueOf, nested) are refused", async () => {
    const s = await sandbox();
    counters.take = 0;
    for (const arg of [`{ toJSON() { return 1 } }`, `{ valueOf: () => 1 }`, `[[[() => 1]]]`, `new Map([["k", () => 1]])`]) {
      expect(errorOf(await s.run(`await take(${arg});`))).toMatchObject({ name: "TypeError", message: expect.stringContaining("is a function") });
    }
    expect(counters.take).toBe(0);
  });

  it("host errors carry no host stack or paths", async () => {
    const s = await sandbox();
    const outcome = await s.value(`JSON.stringify({ stack: e.stack, own: Object.getOwnPropertyNames(e).sort() })`, `let e; try { await fail() } catch (x) { e = x }`);
    const { stack, own } = JSON.parse(stringValue(outcome)) as { stack: string; own: string[] };
    expect(own).toEqual(["message", "name", "stack"]);
    expect(stack.split("\n").slice(1).join("\n")).not.toContain(HOST_PATH);
    expect(stack).not.toMatch(/node:internal|node_modules|\.ts:/);
  });

  it("Error.prepareStackTrace sees isolate frames only", async () => {
    const s = await sandbox();
    const outcome = await s.value(
      `JSON.stringify(frames)`,
      `let frames = [];
       Error.prepareStackTrace = (error, callSites) => { frames.push(...callSites.map((c) => [c.getFileName() ?? null, typeof c.getThis(), c.getFunction() ? c.getFunction() instanceof Function : null])); return "x" };
       try { await fail() } catch (e) { e.stack }
       try { await echo(1).then(() => { throw new Error("in a settlement") }) } catch (e) { e.stack }`,
    );
    const frames = JSON.parse(stringValue(outcome)) as Array<[string | null, string, boolean | null]>;
    expect(frames.length).toBeGreaterThan(0);
    for (const [file, , isolateFunction] of frames) {
      expect(file === null || /^cell-c\d+\.js$/.test(file) || file === "tracebook-prelude.js").toBe(true);
      expect(isolateFunction === null || isolateFunction === true).toBe(true);
    }
  });

  it("the caller chain of a trap run by the bridge stays in the isolate", async () => {
    const s = await sandbox();
    const outcome = await s.value(
      `chain.join()`,
      `const chain = [];
       function ownKeys(t) { let f = ownKeys.caller; for (let i = 0; f && i < 30; i++) { chain.push(f.constructor("return typeof process")()); try { f = f.caller } catch { break } } return Reflect.ownKeys(t) }
       await take(new Proxy({ a: 1 }, { ownKeys }));`,
    );
    expect(stringValue(outcome).split(",").every((entry) => entry === "undefined" || entry === "")).toBe(true);
  });

  it("patched built-ins cannot capture the raw bridge entry point", async () => {
    const s = await sandbox();
    counters.secretHost = 0;
    const outcome = await s.value(
      `captured.length`,
      `const captured = [];
       const grab = (x) => { if (typeof x === "function" && !captured.includes(x)) captured.push(x) };
       const { apply, call, bind } = Function.prototype;
       Function.prototype.apply = function (...a) { grab(this); a.forEach(grab); return Reflect.apply(apply, this, [a[0], a[1]]) };
       Function.prototype.call = function (...a) { grab(this); a.forEach(grab); return Reflect.apply(apply, this, [a[0], a.slice(1)]) };
       for (const key of ["resolve", "reject", "ok", "value", "name", "message", "then"]) Object.defineProperty(Object.prototype, key, { __proto__: null, set(v) { grab(v) }, get() { return undefined }, configurable: true });
       const mapSet = Map.prototype.set; Map.prototype.set = function (k, v) { grab(v); if (v && typeof v === "object") for (const x of Object.values(v)) grab(x); return Reflect.apply(mapSet, this, [k, v]) };
       const origPromise = Promise;
       try { await echo({ a: 1 }) } catch {}
       try { await fail() } catch {}
       for (const key of ["resolve", "reject", "ok", "value", "name", "message", "then"]) delete Object.prototype[key];
       Function.prototype.apply = apply; Function.prototype.call = call;
       for (const f of captured) { try { f(999, "secretHost", []) } catch {} }`,
    );
    // The prelude calls only built-ins it captured at boot: nothing reaches the patched ones.
    expect(valueOf(outcome)).toEqual({ t: "number", v: 0 });
    await new Promise((r) => setTimeout(r, 20));
    expect(counters.secretHost).toBe(0);
  });
});

describe("prototype pollution stays out of the host", () => {
  it("through a returned value's prototype", async () => {
    const s = await sandbox();
    await s.run(`const r = await echo({}); r.__proto__.polluted = 1; Object.getPrototypeOf(r).polluted2 = 2; r.constructor.prototype.polluted3 = 3;`);
    expect(({} as Record<string, unknown>).polluted2).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted3).toBeUndefined();
  });

  it("through an own __proto__ key in an argument (refused before a naive merge)", async () => {
    const s = await sandbox();
    counters.merge = 0;
    const error = errorOf(await s.run(`await merge(JSON.parse('{"a": {"__proto__": {"polluted": true}}}'));`));
    expect(error).toMatchObject({ name: "TypeError", message: 'merge: argument 0.a has the key "__proto__", which is not allowed in host call arguments' });
    expect(counters.merge).toBe(0);
  });

  it("through a constructor.prototype path in an argument", async () => {
    const s = await sandbox();
    counters.merge = 0;
    expect(errorOf(await s.run(`await merge({ constructor: { prototype: { polluted: true } } });`))).toMatchObject({ name: "TypeError" });
    expect(counters.merge).toBe(0);
    const fine = await s.value(`JSON.stringify(await merge({ constructor: "a string is fine", rows: [1] }))`);
    expect(stringValue(fine)).toBe('{"constructor":"a string is fine","rows":{"0":1}}');
  });

  it("through the isolate's own Object.prototype before a host call", async () => {
    const s = await sandbox();
    received.length = 0;
    await s.run(`Object.prototype.polluted = "x"; Array.prototype.extra = 1; await take({ a: 1 });`);
    expect(received[0]).toEqual({ a: 1 });
    expect(Object.keys(received[0] as object)).toEqual(["a"]);
    expect((received[0] as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("through a thenable planted on the isolate's Object.prototype", async () => {
    const s = await sandbox();
    const outcome = await s.value(`got`, `Object.prototype.then = function (resolve) { delete Object.prototype.then; resolve("hijacked in the isolate") }; const got = await echo({ a: 1 });`);
    expect(stringValue(outcome)).toBe("hijacked in the isolate");
    expect(Object.prototype).not.toHaveProperty("then");
  });
});

describe("handles", () => {
  it("a host object comes back as a handle without its methods or data", async () => {
    const s = await sandbox();
    const outcome = await s.value(`[typeof m.predict, String(m.secret), JSON.stringify(Object.keys(m))].join()`, `const m = await model.create();`);
    expect(stringValue(outcome)).toBe('undefined,undefined,["__tbHandle","kind"]');
  });

  it("a handle kept after dispose/restart is refused by the new sandbox", async () => {
    const first = await sandbox();
    expect(valueOf(await first.value(`await model.use(m)`, `const m = await model.create(); await store.put(m);`))).toEqual({ t: "number", v: 9 });
    first.sandbox.dispose();
    expect(errorOf(await first.value(`1`))).toMatchObject({ kind: "internal" });
    const second = await sandbox();
    const error = errorOf(await second.run(`await model.use(await store.get());`));
    expect(error).toMatchObject({ name: "TypeError", message: expect.stringMatching(/belongs to a kernel that was restarted or disposed/) });
  });

  it("a live sandbox cannot use another sandbox's handle id", async () => {
    const a = await sandbox();
    const b = await sandbox();
    await a.run(`await store.put(await model.create());`);
    expect(errorOf(await b.run(`const h = await store.get(); await model.use({ __tbHandle: h.__tbHandle, kind: "Model" });`))).toMatchObject({ name: "TypeError" });
  });

  it("relabelling a handle's kind does not change what the host resolves", async () => {
    const s = await sandbox({ hostFunctions: { ...hostFunctions, "data.make": (_a, ctx) => ctx.handles.add({ rows: [] }, "dataset") } });
    const error = errorOf(await s.run(`const d = await data.make(); d.kind = "Model"; await model.use(d);`));
    expect(error).toMatchObject({ name: "TypeError", message: "expected a handle to a Model, got a dataset" });
  });

  it("two notebooks' sandboxes share no globals", async () => {
    const a = await sandbox();
    const b = await sandbox();
    await a.run(`return { value: undefined, hasValue: false, defs: { secret: "a's" } };`);
    expect(stringValue(await b.value(`typeof secret`))).toBe("undefined");
  });
});

describe("resource attacks end in a clear outcome with the host unaffected", () => {
  it("unbounded recursion is a RangeError and the sandbox lives", async () => {
    const s = await sandbox();
    expect(errorOf(await s.run(`const f = () => f(); f();`))).toMatchObject({ name: "RangeError", message: "Maximum call stack size exceeded" });
    expect(valueOf(await s.value(`1`))).toEqual({ t: "number", v: 1 });
  });

  it("an unbounded microtask chain times out while the host event loop keeps turning", async () => {
    const s = await sandbox({ cellTimeoutMs: 300 });
    let turns = 0;
    const spin = () => {
      turns++;
      if (!done) setImmediate(spin);
    };
    let done = false;
    setImmediate(spin);
    const outcome = await s.run(`const go = () => Promise.resolve().then(go); go(); await new Promise(() => {});`);
    done = true;
    expect(errorOf(outcome)).toEqual({ kind: "timeout", limitMs: 300 });
    expect(turns).toBeGreaterThan(1);
  });

  it("a string past V8's length limit is a RangeError", async () => {
    const s = await sandbox();
    expect(errorOf(await s.run(`let t = "x"; for (;;) t += t;`))).toMatchObject({ name: "RangeError", message: "Invalid string length" });
  });

  it("a huge string value is previewed truncated; the outcome stays small", async () => {
    const s = await sandbox({ limits: { maxStringChars: 1000 } });
    const outcome = await s.value(`"x".repeat(2 ** 24)`);
    expect(valueOf(outcome)).toMatchObject({ t: "string", truncated: 2 ** 24 - 1000 });
    expect(JSON.stringify(outcome).length).toBeLessThan(2000);
  });

  it("flattening a 256 MB string rope hits the memory limit, not the host", async () => {
    const s = await sandbox({ memoryLimitMb: 64 });
    expect(errorOf(await s.value(`"x".repeat(2 ** 28)`))).toEqual({ kind: "memory", limitMb: 64 });
    expect(s.sandbox.disposed).toBe(true);
  });

  it("external memory (ArrayBuffers) is capped by the isolate's allocator", async () => {
    const s = await sandbox({ memoryLimitMb: 32 });
    expect(errorOf(await s.run(`const keep = []; for (;;) keep.push(new Float64Array(1 << 17));`))).toMatchObject({
      name: "RangeError",
      message: "Array buffer allocation failed",
    });
  });

  it("after an interrupt a cell retrying host calls gets no further host access", async () => {
    const s = await sandbox();
    counters.secretHost = 0;
    const running = s.run(`for (;;) { try { await secretHost(); await sleep(60_000) } catch {} }`);
    await new Promise((r) => setTimeout(r, 50));
    const before = counters.secretHost;
    s.sandbox.interrupt();
    expect(errorOf(await running)).toEqual({ kind: "interrupted" });
    await new Promise((r) => setTimeout(r, 50));
    expect(before).toBe(1);
    expect(counters.secretHost).toBe(before);
  });

  it("work a finished cell leaves running gets one CPU budget, then no more host calls", async () => {
    const s = await sandbox({ cellTimeoutMs: 200 });
    counters.take = 0;
    await s.run(`(async () => { for (;;) { await take({}); const end = Date.now() + 20; while (Date.now() < end) {} } })();`);
    let last = -1;
    for (let i = 0; i < 100 && counters.take !== last; i++) {
      last = counters.take;
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(counters.take).toBe(last);
    expect(counters.take).toBeGreaterThan(1);
    expect(counters.take).toBeLessThan(50);
    expect(valueOf(await s.value("await take({ again: true })"))).toMatchObject({ t: "array", length: 1 });
  });

  it("a huge console object is printed bounded", async () => {
    const s = await sandbox();
    await s.run(`const wide = {}; for (let i = 0; i < 100000; i++) wide["k" + i] = { nested: [i, { deeper: [i] }] }; console.log(wide);`);
    const text = s.stream("stdout");
    expect(text.length).toBeLessThan(10_000);
    expect(text).toContain("... 99900 more properties");
  });
});
