import { describe, expect, it } from "vitest";
import { parseCellResult } from "./cell-result";
import { DEFAULT_SANDBOX_LIMITS } from "./limits";
import { checkEmittedOutput, checkPreview, checkTable } from "./output-guard";

describe("checks on what leaves the isolate", () => {
  it("accepts the output types a sandbox emits and nothing else", () => {
    expect(checkEmittedOutput({ type: "stream", name: "stdout", text: "x", extra: 1 })).toEqual({ type: "stream", name: "stdout", text: "x" });
    expect(checkEmittedOutput({ type: "stream", name: "stdin", text: "x" })).toBeNull();
    expect(checkEmittedOutput({ type: "error", error: { kind: "internal", errorId: "x" } })).toBeNull();
    expect(checkEmittedOutput({ type: "truncated", omittedOutputs: 1, omittedBytes: 1, limitBytes: 1 })).toBeNull();
    expect(checkEmittedOutput({ type: "progress", id: "p", label: "l", value: "1", total: null, done: false })).toBeNull();
    expect(checkEmittedOutput({ type: "chart", spec: [] })).toBeNull();
    expect(checkEmittedOutput("stream")).toBeNull();
  });

  it("checks table rows against the columns", () => {
    expect(checkTable({ type: "table", columns: ["a"], rows: [[1, 2]], total: 1, pageSize: 20 })).toBeNull();
    expect(checkTable({ type: "table", columns: ["a"], rows: [[{ t: "bogus" }]], total: 1, pageSize: 20 })).toBeNull();
    expect(checkTable({ type: "table", columns: ["a"], rows: [[{ t: "null" }]], total: 1, pageSize: 20 })).not.toBeNull();
  });

  it("checks previews recursively and bounds their depth", () => {
    expect(checkPreview({ t: "map", size: 1, entries: [[{ t: "string", v: "k" }, { t: "number", v: 1 }]], more: 0 })).toBe(true);
    expect(checkPreview({ t: "object", ctor: null, entries: [["k", { t: "nope" }]], more: 0 })).toBe(false);
    let deep: unknown = { t: "null" };
    for (let i = 0; i < 100; i++) deep = { t: "array", length: 1, items: [deep], more: 0 };
    expect(checkPreview(deep)).toBe(false);
  });

  it("turns a malformed cell result into an internal error", () => {
    const malformed = { ok: false, error: { kind: "internal", message: "the sandbox returned a malformed result" } };
    expect(parseCellResult("{", DEFAULT_SANDBOX_LIMITS)).toEqual(malformed);
    expect(parseCellResult(42, DEFAULT_SANDBOX_LIMITS)).toEqual(malformed);
    expect(parseCellResult(JSON.stringify({ ok: true, value: { t: "?" }, table: null, defs: [] }), DEFAULT_SANDBOX_LIMITS)).toEqual(malformed);
    expect(parseCellResult(JSON.stringify({ ok: true, value: null, table: null, defs: [1] }), DEFAULT_SANDBOX_LIMITS)).toEqual(malformed);
    expect(parseCellResult(JSON.stringify({ ok: true, value: null, table: null, defs: ["a"] }), DEFAULT_SANDBOX_LIMITS)).toEqual({ ok: true, value: null, defs: ["a"] });
  });
});
