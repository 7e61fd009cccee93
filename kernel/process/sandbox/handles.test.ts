import { describe, expect, it } from "vitest";
import { HandleTable, isSandboxHandle } from "./handles";

describe("HandleTable", () => {
  it("adds objects as id+kind handles and resolves them", () => {
    const table = new HandleTable();
    const model = { name: "m" };
    const handle = table.add(model, "model");
    expect(Object.keys(handle)).toEqual(["__tbHandle", "kind"]);
    expect(handle.kind).toBe("model");
    expect(table.get(handle)).toBe(model);
    expect(table.get({ ...handle }, "model")).toBe(model);
    expect(isSandboxHandle(handle)).toBe(true);
    expect(isSandboxHandle({ kind: "x" })).toBe(false);
  });

  it("refuses wrong kinds, unknown ids and non-handles", () => {
    const table = new HandleTable();
    const handle = table.add({}, "dataset");
    expect(() => table.get(handle, "model")).toThrow("expected a handle to a model, got a dataset");
    expect(() => table.get({ __tbHandle: `${table.generation}:99`, kind: "dataset" })).toThrow(/^unknown handle/);
    expect(() => table.get("nope")).toThrow("expected a handle, got string");
    table.release(handle);
    expect(table.has(handle)).toBe(false);
  });

  it("a handle from another (restarted) table or a disposed table is refused clearly", () => {
    const old = new HandleTable();
    const handle = old.add({}, "model");
    const fresh = new HandleTable();
    expect(() => fresh.get(handle)).toThrow(/belongs to a kernel that was restarted or disposed/);
    old.dispose();
    expect(() => old.get(handle)).toThrow("this handle belongs to a sandbox that was disposed");
    expect(() => old.add({}, "model")).toThrow(/disposed/);
    expect(old.size).toBe(0);
  });
});
