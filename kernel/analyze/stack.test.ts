import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { compileCell } from "./compile";
import type { CellSourceMap } from "./sourcemap";
import { mapError } from "./stack";
import { createTestIsolate, type TestIsolate } from "./test-isolate";

let isolate: TestIsolate;
beforeEach(async () => {
  isolate = await createTestIsolate();
});
afterEach(() => isolate.dispose());

function mapsOf(...cells: Array<{ cellId: string; sourceMap: CellSourceMap }>): Map<string, CellSourceMap> {
  return new Map(cells.map((cell) => [cell.cellId, cell.sourceMap]));
}

describe("mapError with isolated-vm stacks", () => {
  it("maps an error thrown on line 3 column 5 of a cell to 3:5 (stack read inside the isolate)", async () => {
    const cell = compileCell("c3", "const a: number = 1;\nconst b = a + 1;\n    missingName + b;");
    const raw = await isolate.runFailing(cell);
    expect(raw.name).toBe("ReferenceError");
    const mapped = mapError(raw, mapsOf(cell));
    expect(mapped.location).toEqual({ cellId: "c3", line: 3, column: 5 });
    // The test runner's glue is an internal file: its frames are gone.
    expect(mapped.stack.map((frame) => frame.text)).toEqual(["at cell-c3.ts:3:5"]);
  });

  it("maps an async cell's error as it reaches the host", async () => {
    const cell = compileCell("host", "type N = number;\nconst n: N = 1;\n    n.toFixed(-1);");
    let caught: unknown;
    try {
      await isolate.runOnHost(cell);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(Error);
    const error = caught as Error;
    expect(error.name).toBe("RangeError");
    const mapped = mapError({ name: error.name, message: error.message, stack: error.stack }, mapsOf(cell));
    expect(mapped.location).toEqual({ cellId: "host", line: 3, column: 7 });
    expect(mapped.stack.map((frame) => frame.text)).toEqual(["at Number.toFixed (<anonymous>)", "at cell-host.ts:3:7"]);
  });

  it("drops the isolate boundary and the host's frames of a synchronous call", async () => {
    const library = compileCell("lib", "function explode(reason: string): never {\n  throw new Error(reason);\n}");
    await isolate.run(library);
    let caught: unknown;
    try {
      await isolate.evaluate("explode('sync')", "tracebook-glue.js");
    } catch (error) {
      caught = error;
    }
    const error = caught as Error;
    expect(error.stack).toContain("<isolated-vm boundary>");
    const mapped = mapError({ name: error.name, message: error.message, stack: error.stack }, mapsOf(library));
    expect(mapped).toEqual({
      location: { cellId: "lib", line: 2, column: 9 },
      stack: [{ text: "at explode (cell-lib.ts:2:9)", location: { cellId: "lib", line: 2, column: 9 } }],
    });
  });

  it("maps frames of a function defined in another cell to that cell", async () => {
    const library = compileCell("lib", "// helpers\nfunction explode(reason: string): never {\n  throw new Error(reason);\n}");
    const caller = compileCell("use", "const why = 'boom';\n\nexplode(why);");
    await isolate.run(library);
    const raw = await isolate.runFailing(caller);
    const mapped = mapError(raw, mapsOf(library, caller));
    expect(mapped.location).toEqual({ cellId: "lib", line: 3, column: 9 });
    expect(mapped.stack.map((frame) => frame.location)).toEqual([
      { cellId: "lib", line: 3, column: 9 },
      { cellId: "use", line: 3, column: 1 },
    ]);
    expect(mapped.stack[0]?.text).toBe("at explode (cell-lib.ts:3:9)");
  });

  it("keeps frames of other code as text", async () => {
    const cell = compileCell("arr", "[1, 2].map((n) => {\n  if (n > 1) throw new TypeError('two');\n  return n;\n});");
    const raw = await isolate.runFailing(cell);
    const mapped = mapError(raw, mapsOf(cell));
    expect(mapped.location).toEqual({ cellId: "arr", line: 2, column: 20 });
    expect(mapped.stack.map((frame) => frame.text)).toContain("at Array.map (<anonymous>)");
  });

  it("drops frames of internal prelude files", async () => {
    await isolate.evaluate("globalThis.callThrough = (f) => f(); undefined", "tracebook-prelude.js");
    const cell = compileCell("pre", "callThrough(() => {\n  null!.boom;\n});");
    const raw = await isolate.runFailing(cell);
    expect(raw.stack).toContain("tracebook-prelude.js");
    const mapped = mapError(raw, mapsOf(cell));
    expect(mapped.stack.some((frame) => frame.text.includes("prelude"))).toBe(false);
    expect(mapped.stack.map((frame) => frame.location?.line)).toEqual([2, 1]);
  });
});

describe("mapError parsing", () => {
  const cell = compileCell("p", "let v = 1;\nv");

  it("returns an empty stack without a location when there is no stack", () => {
    expect(mapError({ name: "Error", message: "thrown value" }, mapsOf(cell))).toEqual({ stack: [] });
  });

  it("does not read frame-like lines of a multi-line message as frames", () => {
    const message = "first line\n    at fake (cell-p.js:2:1)";
    const stack = `Error: ${message}\n    at somewhere (other.js:1:1)`;
    const mapped = mapError({ name: "Error", message, stack }, mapsOf(cell));
    expect(mapped).toEqual({ stack: [{ text: "at somewhere (other.js:1:1)" }] });
  });

  it("keeps a cell frame as text when the cell has no source map", () => {
    const stack = "Error: x\n    at cell-unknown.js:3:4";
    expect(mapError({ name: "Error", message: "x", stack }, mapsOf(cell))).toEqual({
      stack: [{ text: "at cell-unknown.js:3:4" }],
    });
  });

  it("accepts a custom test for internal files", () => {
    const stack = "Error: x\n    at glue (runner.js:1:1)\n    at other.js:2:2";
    const mapped = mapError({ name: "Error", message: "x", stack }, mapsOf(cell), {
      isInternalFile: (file) => file === "runner.js",
    });
    expect(mapped.stack).toEqual([{ text: "at other.js:2:2" }]);
  });
});
