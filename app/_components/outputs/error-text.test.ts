import { expect, test } from "vitest";
import { CELL_ERROR_KINDS, type CellError } from "@/protocol/outputs";
import { describeCellError } from "./error-text";

const labels: Record<string, string> = { a: "Cell 1", b: "Cell 4" };
const labelOf = (id: string) => labels[id] ?? "a deleted cell";

const examples: Record<CellError["kind"], CellError> = {
  exception: { kind: "exception", name: "TypeError", message: "x.map is not a function", stack: [] },
  timeout: { kind: "timeout", message: "the cell ran past its CPU time", limitMs: 60_000 },
  interrupted: { kind: "interrupted", message: "interrupted by Ada" },
  memory: { kind: "memory", message: "the kernel ran out of memory", limitMb: 512 },
  cycle: { kind: "cycle", message: "these cells depend on each other", cells: ["a", "b"], names: ["x", "y"] },
  "multiple-defs": { kind: "multiple-defs", message: "define it once", name: "total", cells: ["a", "b"] },
  internal: { kind: "internal", errorId: "7f3a9c21" },
};

test("every error kind has its own text", () => {
  const titles = CELL_ERROR_KINDS.map((kind) => describeCellError(examples[kind], labelOf).title);
  expect(new Set(titles).size).toBe(CELL_ERROR_KINDS.length);
  for (const title of titles) expect(title.length).toBeGreaterThan(0);
});

test("exceptions show name and message", () => {
  expect(describeCellError(examples.exception, labelOf)).toEqual({ title: "TypeError: x.map is not a function", detail: null, cells: [] });
  expect(describeCellError({ kind: "exception", name: "Error", message: "", stack: [] }, labelOf).title).toBe("Error");
});

test("limits are stated with their size", () => {
  expect(describeCellError(examples.timeout, labelOf)).toEqual({ title: "Timed out after 1 min", detail: "the cell ran past its CPU time", cells: [] });
  expect(describeCellError(examples.memory, labelOf).title).toBe("Out of memory (limit 512 MB)");
  expect(describeCellError(examples.interrupted, labelOf)).toEqual({ title: "Interrupted", detail: "interrupted by Ada", cells: [] });
});

test("graph errors name the cells involved", () => {
  const cycle = describeCellError(examples.cycle, labelOf);
  expect(cycle.title).toBe("Circular dependency through x, y");
  expect(cycle.detail).toBe("Cell 1 → Cell 4 → Cell 1\nthese cells depend on each other");
  expect(cycle.cells).toEqual(["a", "b"]);
  const twice = describeCellError(examples["multiple-defs"], labelOf);
  expect(twice.title).toBe('"total" is defined in 2 cells: Cell 1, Cell 4');
  expect(twice.cells).toEqual(["a", "b"]);
  expect(describeCellError({ kind: "multiple-defs", message: "", name: "n", cells: ["a", "gone"] }, labelOf).title).toBe(
    '"n" is defined in 2 cells: Cell 1, a deleted cell',
  );
});

test("an internal error shows its id and nothing else from the server", () => {
  const text = describeCellError({ kind: "internal", errorId: "7f3a9c21" }, labelOf);
  expect(text).toEqual({ title: "Internal error (id 7f3a9c21)", detail: null, cells: [] });
});

test("a kind from a newer server is refused, not shown half-understood", () => {
  expect(() => describeCellError({ kind: "quota" } as unknown as CellError, labelOf)).toThrow(/unknown cell error/);
});
