import { afterEach, describe, expect, it } from "vitest";
import { formatArgs, inspect } from "./prelude/inspect";
import { startSandbox, type RecordedSandbox } from "./sandbox-fixture";

describe("inspect (Node-like formatting)", () => {
  it("formats primitives and nested strings like util.inspect", () => {
    expect(inspect("it's")).toBe("'it\\'s'");
    expect(inspect(-0)).toBe("-0");
    expect(inspect(10n)).toBe("10n");
    expect(inspect(Symbol("s"))).toBe("Symbol(s)");
    expect(inspect(undefined)).toBe("undefined");
    expect(inspect(null)).toBe("null");
  });

  it("formats objects, arrays, maps, sets and class instances", () => {
    class Point {
      constructor(
        public x: number,
        public y: number,
      ) {}
    }
    expect(inspect({ a: 1, "b-c": [1, 2] })).toBe("{ a: 1, 'b-c': [ 1, 2 ] }");
    expect(inspect(new Map([["k", 1]]))).toBe("Map(1) { 'k' => 1 }");
    expect(inspect(new Set([1, 2]))).toBe("Set(2) { 1, 2 }");
    expect(inspect(new Point(1, 2))).toBe("Point { x: 1, y: 2 }");
    expect(inspect(Object.assign(Object.create(null), { a: 1 }))).toBe("[Object: null prototype] { a: 1 }");
    expect(inspect([])).toBe("[]");
    expect(inspect({})).toBe("{}");
    expect(inspect(new Uint8Array([1, 2]))).toBe("Uint8Array(2) [ 1, 2 ]");
  });

  it("limits depth, marks circular references and shows accessors without running them", () => {
    const circular: Record<string, unknown> = { name: "root" };
    circular.self = circular;
    let ran = false;
    const accessor = {
      get secret() {
        ran = true;
        return 1;
      },
    };
    expect(inspect({ a: { b: { c: { d: 1 } } } })).toBe("{ a: { b: { c: [Object] } } }");
    expect(inspect(circular)).toBe("{ name: 'root', self: [Circular] }");
    expect(inspect(accessor)).toBe("{ secret: [Getter] }");
    expect(ran).toBe(false);
  });

  it("shows functions, classes, dates, regexps and errors", () => {
    expect(inspect(function named() {})).toBe("[Function: named]");
    expect(inspect(async () => {})).toBe("[AsyncFunction (anonymous)]");
    expect(inspect(class Model {})).toBe("[class Model]");
    expect(inspect(new Date(0))).toBe("1970-01-01T00:00:00.000Z");
    expect(inspect(/a+/g)).toBe("/a+/g");
    expect(inspect(new RangeError("bad"))).toMatch(/^RangeError: bad\n\s+at /);
  });

  it("breaks long objects over lines", () => {
    const long = { alpha: "a".repeat(30), beta: "b".repeat(30), gamma: { nested: true } };
    expect(inspect(long)).toBe(`{\n  alpha: '${"a".repeat(30)}',\n  beta: '${"b".repeat(30)}',\n  gamma: { nested: true }\n}`);
  });

  it("substitutes printf-style placeholders and appends the rest", () => {
    expect(formatArgs(["%s has %d rows (%i%%) %j", "t", 4.5, 99.9, { a: 1 }, "extra"])).toBe(
      `t has 4.5 rows (99%) {"a":1} extra`,
    );
    expect(formatArgs(["%o", [1]])).toBe("[ 1 ]");
    expect(formatArgs(["%c styled", "color: red"])).toBe(" styled");
    expect(formatArgs(["no args %s"])).toBe("no args %s");
    expect(formatArgs(["plain", "strings", 1])).toBe("plain strings 1");
  });
});

describe("console in a cell", () => {
  let s: RecordedSandbox;
  afterEach(() => s.sandbox.dispose());

  it("streams log/info/debug to stdout and warn/error to stderr, in order, as they happen", async () => {
    const seen: string[] = [];
    s = await startSandbox({
      hostFunctions: { mark: () => void seen.push(`mark after ${s.outputs.length} outputs`) },
    });
    await s.run(`console.log("one", 1); await mark(); console.info({ a: [1] }); console.debug("dbg"); console.warn("careful"); console.error(new TypeError("bad"));`);
    expect(seen).toEqual(["mark after 1 outputs"]);
    expect(s.stream("stdout")).toBe("one 1\n{ a: [ 1 ] }\ndbg\n");
    expect(s.stream("stderr")).toMatch(/^careful\nTypeError: bad\n\s+at cell-/);
    expect(s.outputs.every((o) => o.cellId === s.outputs[0]?.cellId)).toBe(true);
  });

  it("cuts a huge write with a marker", async () => {
    s = await startSandbox({ limits: { maxStringChars: 1000 } });
    await s.run(`console.log("x".repeat(50_000));`);
    expect(s.stream("stdout")).toBe(`${"x".repeat(1000)}… [49000 more characters truncated]\n`);
  });

  it("an output flood ends in a clear error and a truncation marker", async () => {
    s = await startSandbox({ limits: { maxRunOutputs: 50 } });
    const outcome = await s.run(`for (let i = 0; ; i++) console.log("line", i);`);
    expect(outcome).toMatchObject({ ok: false, error: { kind: "exception", name: "RangeError" } });
    if (outcome.ok || outcome.error.kind !== "exception") throw new Error("unreachable");
    expect(outcome.error.message).toMatch(/^output limit reached/);
    const streams = s.outputs.filter((o) => o.output.type === "stream");
    expect(streams).toHaveLength(50);
    expect(s.outputs.at(-1)?.output).toEqual({ type: "truncated", omittedOutputs: 1, omittedBytes: expect.any(Number), limitBytes: 5_000_000 });
  });

  it("a cell replacing JSON.stringify or Array.prototype.join does not break the console", async () => {
    s = await startSandbox();
    await s.run(`JSON.stringify = () => "hijacked"; Array.prototype.join = () => "hijacked"; console.log("still", { fine: true });`);
    expect(s.stream("stdout")).toBe("still { fine: true }\n");
  });
});
