import { describe, expect, it } from "vitest";
import { createHostRegistry, type KernelContext } from "./host";

const kernel: KernelContext = { notebookId: "nb-1", server: undefined as never, lineage: undefined as never };

describe("host function registry", () => {
  it("qualifies each function with its module's name", async () => {
    const registry = createHostRegistry();
    registry.register({ name: "data", functions: { load: (args) => ["loaded", ...args] } });
    registry.register({ name: "train", functions: { fit: () => 1, stop: () => 2 } });
    const functions = registry.functions(kernel);
    expect(Object.keys(functions).sort()).toEqual(["data.load", "train.fit", "train.stop"]);
    const ctx = { cellId: "c", signal: new AbortController().signal, handles: undefined as never, emit: () => {} };
    expect(await functions["data.load"]!(["a"], ctx)).toEqual(["loaded", "a"]);
  });

  it("hands each function the kernel's context along with the sandbox's", async () => {
    const registry = createHostRegistry();
    registry.register({ name: "nb", functions: { id: (_args, ctx) => `${ctx.kernel.notebookId}/${ctx.cellId}` } });
    const ctx = { cellId: "c1", signal: new AbortController().signal, handles: undefined as never, emit: () => {} };
    expect(await registry.functions(kernel)["nb.id"]!([], ctx)).toBe("nb-1/c1");
  });

  it("refuses a duplicate or malformed module name", () => {
    const registry = createHostRegistry();
    registry.register({ name: "data", functions: {} });
    expect(() => registry.register({ name: "data", functions: {} })).toThrow(/already registered/);
    expect(() => registry.register({ name: "no.dots", functions: {} })).toThrow(/invalid host module name/);
  });

  it("reports the first backend a module knows", () => {
    const registry = createHostRegistry();
    expect(registry.backend()).toBeNull();
    let known: string | null = null;
    registry.register({ name: "a", functions: {}, backend: () => null });
    registry.register({ name: "b", functions: {}, backend: () => known });
    expect(registry.backend()).toBeNull();
    known = "wasm";
    expect(registry.backend()).toBe("wasm");
  });
});
