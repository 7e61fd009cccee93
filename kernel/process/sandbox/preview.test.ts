import { describe, expect, it } from "vitest";
import { DEFAULT_SANDBOX_LIMITS } from "./limits";
import { previewValue } from "./prelude/preview";
import { buildTable, isRecordArray } from "./prelude/table";
import { copyAsJson, copyForHost } from "./prelude/copy-out";

const limits = DEFAULT_SANDBOX_LIMITS;
const preview = (value: unknown, overrides: Partial<typeof limits> = {}) => previewValue(value, { ...limits, ...overrides });

describe("value previews", () => {
  it("previews scalars, non-finite numbers and long strings", () => {
    expect(preview(NaN)).toEqual({ t: "number", v: "NaN" });
    expect(preview(-Infinity)).toEqual({ t: "number", v: "-Infinity" });
    expect(preview(2n ** 70n)).toEqual({ t: "bigint", v: "1180591620717411303424" });
    expect(preview("abcdef", { maxStringChars: 3 })).toEqual({ t: "string", v: "abc… [3 more characters truncated]", truncated: 3 });
    expect(preview(Symbol("s"))).toEqual({ t: "symbol", v: "Symbol(s)" });
    expect(preview(function f() {})).toEqual({ t: "function", name: "f" });
  });

  it("previews Map, Set, Date, RegExp, Error and class instances", () => {
    class Point {
      x = 1;
    }
    expect(preview(new Map([[1, "a"]]))).toEqual({ t: "map", size: 1, entries: [[{ t: "number", v: 1 }, { t: "string", v: "a" }]], more: 0 });
    expect(preview(new Set([true]))).toEqual({ t: "set", size: 1, items: [{ t: "boolean", v: true }], more: 0 });
    expect(preview(new Date(Number.NaN))).toEqual({ t: "date", v: "Invalid Date" });
    expect(preview(/x/i)).toEqual({ t: "regexp", v: "/x/i" });
    expect(preview(new TypeError("m"))).toEqual({ t: "error", name: "TypeError", message: "m" });
    expect(preview(new Point())).toEqual({ t: "object", ctor: "Point", entries: [["x", { t: "number", v: 1 }]], more: 0 });
    expect(preview(Object.create(null))).toEqual({ t: "object", ctor: null, entries: [], more: 0 });
  });

  it("is bounded in breadth, depth and total nodes, and circular-safe", () => {
    const wide = preview(Array.from({ length: 500 }, (_, i) => i), { previewBreadth: 10 });
    expect(wide).toMatchObject({ t: "array", length: 500, more: 490 });
    const deep = preview({ a: { b: { c: 1 } } }, { previewDepth: 1 });
    expect(deep).toEqual({ t: "object", ctor: "Object", entries: [["a", { t: "object", ctor: "Object", entries: [], more: 1 }]], more: 0 });
    const many = preview(Array.from({ length: 100 }, () => Array.from({ length: 100 }, () => 1)), { previewNodes: 300 });
    expect(JSON.stringify(many).length).toBeLessThan(20_000);
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(preview(loop)).toEqual({ t: "object", ctor: "Object", entries: [["self", { t: "circular" }]], more: 0 });
  });

  it("does not run getters", () => {
    let ran = false;
    const value = {
      get x() {
        ran = true;
        return 1;
      },
    };
    expect(preview(value)).toEqual({ t: "object", ctor: "Object", entries: [["x", { t: "function", name: "[Getter]" }]], more: 0 });
    expect(ran).toBe(false);
  });
});

describe("tables and copies", () => {
  it("recognizes arrays of plain records only", () => {
    expect(isRecordArray([{ a: 1 }, Object.create(null)])).toBe(true);
    expect(isRecordArray([])).toBe(false);
    expect(isRecordArray([new Date()])).toBe(false);
    expect(isRecordArray([{ __tbHandle: "x", kind: "model" }])).toBe(false);
  });

  it("caps columns", () => {
    const row = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`c${i}`, i]));
    expect(buildTable([row], {}, { ...limits, tableColumns: 3 }).columns).toEqual(["c0", "c1", "c2"]);
  });

  it("copies for the host without prototypes and refuses what is not data", () => {
    const copy = copyForHost({ a: [1, { b: 2 }] }, "f", "argument 0") as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBeNull();
    expect(JSON.stringify(copy)).toBe('{"a":[1,{"b":2}]}');
    expect(() => copyForHost(new WeakMap(), "f", "argument 0")).toThrow(TypeError);
    expect(() => copyForHost(/x/, "f", "argument 0")).toThrow("f: argument 0 is a RegExp");
    expect(copyAsJson({ a: undefined, b: Infinity, c: [undefined] }, "chart")).toEqual({ b: null, c: [null] });
    expect(() => copyAsJson({ m: new Map() }, "chart")).toThrow("chart: .m is a Map");
  });
});
