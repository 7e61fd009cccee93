import { types } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import type { HostFunction } from "./sandbox";
import { errorOf, startSandbox, stringValue, valueOf, type RecordedSandbox } from "./sandbox-fixture";

let s: RecordedSandbox;
afterEach(() => s.sandbox.dispose());

class Model {
  constructor(public readonly weights: number[]) {}
  predict(x: number) {
    return this.weights.reduce((sum, w) => sum + w * x, 0);
  }
}

describe("host functions in cells", () => {
  it("dotted names build frozen namespaces of async functions", async () => {
    s = await startSandbox({ hostFunctions: { "data.load": () => 1, "data.io.save": () => 2, ping: () => "pong" } });
    const outcome = await s.value(
      `[typeof data.load, typeof data.io.save, Object.isFrozen(data), Object.isFrozen(data.io), data.load.name, await data.io.save(), await ping(), data.load() instanceof Promise].join()`,
    );
    expect(stringValue(outcome)).toBe("function,function,true,true,load,2,pong,true");
  });

  it("arguments arrive as copies with Map, Set, Date and typed arrays; the context names the cell", async () => {
    const received: unknown[][] = [];
    let cellId = "";
    s = await startSandbox({
      hostFunctions: {
        record: (args, ctx) => {
          received.push(args);
          cellId = ctx.cellId;
        },
      },
    });
    await s.run(`await record({ m: new Map([["k", 1]]), s: new Set([2]), d: new Date(5), u: new Uint8Array([1, 2]), n: null, big: 3n }, "x");`, "cell-7");
    expect(cellId).toBe("cell-7");
    const [arg, second] = received[0] as [Record<string, unknown>, string];
    expect(second).toBe("x");
    expect(arg.m).toEqual(new Map([["k", 1]]));
    expect(arg.s).toEqual(new Set([2]));
    expect(arg.d).toEqual(new Date(5));
    expect(arg.u).toEqual(new Uint8Array([1, 2]));
    expect(arg.big).toBe(3n);
    expect(Object.getPrototypeOf(arg)).toBe(Object.prototype);
  });

  it("a host function writes outputs under the cell, checked and limited like display.*", async () => {
    s = await startSandbox({
      limits: { maxOutputBytes: 200 },
      hostFunctions: {
        show: (args, ctx) => ctx.emit({ type: "markdown", text: String(args[0]) }),
        forge: (_args, ctx) => ctx.emit({ type: "value", value: { t: "null" } } as never),
      },
    });
    await s.run(`await show("**hi**");`, "cell-m");
    expect(s.outputs).toEqual([{ cellId: "cell-m", output: { type: "markdown", text: "**hi**" } }]);
    const big = errorOf(await s.run(`await show("x".repeat(500));`));
    expect(big).toMatchObject({ kind: "exception", name: "RangeError", message: expect.stringMatching(/over the 200-byte limit/) });
    const forged = errorOf(await s.run(`await forge();`));
    expect(forged).toMatchObject({ kind: "exception", name: "TypeError", message: "malformed output" });
  });

  it("results come back as copies: mutating them in the cell does not touch the host", async () => {
    const shared = { list: [1, 2], when: new Date(0), bytes: Buffer.from([7, 8]) };
    s = await startSandbox({ hostFunctions: { get: () => shared } });
    const outcome = await s.value(`[r.list.push(3), r.when instanceof Date, r.bytes instanceof Uint8Array, r.bytes[1]].join()`, `const r = await get();`);
    expect(stringValue(outcome)).toBe("3,true,true,8");
    expect(shared.list).toEqual([1, 2]);
  });

  it("host errors arrive as cell Errors with name and message only", async () => {
    const fail: HostFunction = () => {
      throw new RangeError("out of range at /srv/secret/path.ts");
    };
    s = await startSandbox({ hostFunctions: { fail, rejectLater: async () => Promise.reject(new Error("later")) } });
    const outcome = await s.value(
      `[e.name, e.message, e instanceof Error, Object.keys(e).length, e.stack.includes("host-bridge"), e.stack.includes(".ts:"), later.message].join("|")`,
      `let e; try { await fail() } catch (x) { e = x } let later; try { await rejectLater() } catch (x) { later = x }`,
    );
    expect(stringValue(outcome)).toBe("RangeError|out of range at /srv/secret/path.ts|true|0|false|false|later");
  });

  it("host objects come back as opaque handles and resolve back to the same object", async () => {
    const models: Model[] = [];
    s = await startSandbox({
      hostFunctions: {
        "model.create": () => {
          const model = new Model([2]);
          models.push(model);
          return model;
        },
        "model.explicit": (_args, ctx) => ctx.handles.add(new Model([3]), "model"),
        "model.predict": (args, ctx) => ctx.handles.get<Model>(args[0]).predict(args[1] as number),
        "model.same": (args, ctx) => ctx.handles.get(args[0]) === models[0],
      },
    });
    const outcome = await s.value(
      `[Object.keys(m).join("+"), m.kind, typeof m.predict, await model.predict(m, 5), await model.predict(e, 5), await model.same(m)].join()`,
      `const m = await model.create(); const e = await model.explicit();`,
    );
    expect(stringValue(outcome)).toBe("__tbHandle+kind,Model,undefined,10,15,true");
    expect(valueOf(await s.value("m", "const m = await model.create();"))).toEqual({ t: "handle", kind: "Model", label: expect.stringMatching(/^Model \w+:\d+$/) });
  });

  it("a handle's label shows in previews and console output, and the handle still resolves", async () => {
    s = await startSandbox({
      hostFunctions: {
        make: (_args, ctx) => ctx.handles.add(new Model([4]), "Model", "linear (1 weight)"),
        predict: (args, ctx) => ctx.handles.get<Model>(args[0], "Model").predict(args[1] as number),
      },
    });
    const outcome = await s.value("m", `const m = await make(); console.log(m, await predict(m, 2));`);
    expect(valueOf(outcome)).toEqual({ t: "handle", kind: "Model", label: "Model linear (1 weight)" });
    expect(s.stream("stdout")).toBe("<handle Model linear (1 weight)> 8\n");
  });

  it("a handle of the wrong kind or a forged handle is refused with a clear error", async () => {
    s = await startSandbox({
      hostFunctions: {
        make: (_args, ctx) => ctx.handles.add({}, "dataset"),
        useModel: (args, ctx) => ctx.handles.get(args[0], "model"),
      },
    });
    const wrongKind = errorOf(await s.run(`await useModel(await make());`));
    expect(wrongKind).toMatchObject({ name: "TypeError", message: "expected a handle to a model, got a dataset" });
    const forged = errorOf(await s.run(`const real = await make(); await useModel({ __tbHandle: real.__tbHandle.split(":")[0] + ":999", kind: "model" });`));
    expect(forged).toMatchObject({ name: "TypeError", message: expect.stringMatching(/^unknown handle \w+:999/) });
    expect(errorOf(await s.run(`await useModel(42);`))).toMatchObject({ message: "expected a handle to a model, got number" });
  });

  it("functions, getters, symbols and circular structures in arguments are refused before the host runs", async () => {
    let calls = 0;
    s = await startSandbox({ hostFunctions: { take: () => void calls++ } });
    const cases: Array<[string, RegExp]> = [
      [`await take({ f() {} })`, /^take: argument 0\.f is a function \(f\)/],
      [`await take({ get g() { return 1 } })`, /^take: argument 0\.g is a getter\/setter/],
      [`await take([Symbol("s")])`, /^take: argument 0\[0\] is a symbol/],
      [`const c = {}; c.c = c; await take(c)`, /^take: argument 0\.c is a circular reference/],
      [`await take(Promise.resolve(1))`, /^take: argument 0 is a Promise/],
    ];
    for (const [body, message] of cases) {
      expect(errorOf(await s.run(body))).toMatchObject({ kind: "exception", name: "TypeError", message: expect.stringMatching(message) });
    }
    expect(calls).toBe(0);
  });

  it("a proxy argument is read inside the isolate; the host gets plain data", async () => {
    let received: unknown;
    s = await startSandbox({ hostFunctions: { take: (args) => void (received = args[0]) } });
    const outcome = await s.value(
      `traps > 0`,
      `let traps = 0; const p = new Proxy({ a: 1 }, { ownKeys(t) { traps++; return Reflect.ownKeys(t) }, getOwnPropertyDescriptor(t, k) { traps++; return Reflect.getOwnPropertyDescriptor(t, k) } }); await take(p);`,
    );
    expect(valueOf(outcome)).toEqual({ t: "boolean", v: true });
    expect(types.isProxy(received)).toBe(false);
    expect(received).toEqual({ a: 1 });
  });

  it("a result that cannot be copied becomes a TypeError in the cell", async () => {
    s = await startSandbox({ hostFunctions: { fn: () => () => 1, cyc: () => { const a: Record<string, unknown> = {}; a.a = a; return a; } } });
    expect(errorOf(await s.run(`await fn();`))).toMatchObject({ name: "TypeError", message: "host function fn returned a function; return data or a handle" });
    expect(errorOf(await s.run(`await cyc();`))).toMatchObject({ name: "TypeError", message: "host function cyc returned a circular structure" });
  });

  it("sleep validates its argument and resolves to undefined", async () => {
    s = await startSandbox();
    expect(valueOf(await s.value(`await sleep(1)`))).toEqual({ t: "undefined" });
    expect(errorOf(await s.run(`await sleep(-1);`))).toMatchObject({ name: "TypeError", message: "sleep(ms): ms must be a finite number >= 0" });
    expect(errorOf(await s.run(`await sleep(2 ** 40);`))).toMatchObject({ name: "RangeError" });
  });

  it("a host-side option can replace the built-in sleep", async () => {
    const slept: unknown[] = [];
    s = await startSandbox({ hostFunctions: { sleep: (args) => void slept.push(args[0]) } });
    await s.run(`await sleep(123);`);
    expect(slept).toEqual([123]);
  });

  it("a promise started in one cell can be awaited in a later one", async () => {
    s = await startSandbox({ hostFunctions: { slow: async () => { await new Promise((r) => setTimeout(r, 30)); return "loaded"; } } });
    await s.run(`const pending = slow(); return { value: undefined, hasValue: false, defs: { pending } };`);
    expect(stringValue(await s.value(`await pending`))).toBe("loaded");
  });
});
