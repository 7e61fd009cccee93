import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FormatError } from "./format";
import { parseIpynb, stringifyIpynb, toIpynb, TYPESCRIPT_METADATA } from "./ipynb";
import { notebook } from "./nbformat";

const SAMPLES = path.resolve(import.meta.dirname, "../../shared/data/ipynb");
const sample = (name: string) => readFileSync(path.join(SAMPLES, name), "utf8");
const sampleJson = (name: string) => JSON.parse(sample(name)) as { cells: Array<Record<string, unknown>>; metadata: object };

function rejection(input: unknown): string {
  try {
    parseIpynb(input);
  } catch (error) {
    expect(error).toBeInstanceOf(FormatError);
    return (error as Error).message;
  }
  throw new Error("the notebook was accepted");
}

const minimal = (cells: unknown[], minor = 5) => ({ nbformat: 4, nbformat_minor: minor, metadata: {}, cells });

describe("ipynb import", () => {
  it("reads nbformat 4.5 with its cell ids, sources, metadata and outputs kept as data", () => {
    const file = sampleJson("test4.5.ipynb");
    const { cells, metadata } = parseIpynb(sample("test4.5.ipynb"));
    expect(cells.map((c) => c.id)).toEqual(file.cells.map((c) => c.id));
    expect(cells.map((c) => c.kind)).toEqual(["markdown", "markdown", "markdown", "code", "markdown", "code", "code", "markdown", "code"]);
    expect(cells[3]!.source).toBe('from __future__ import annotations\n\nprint("hello")');
    expect(cells[3]!.executionCount).toBe(1);
    expect(cells.map((c) => c.outputs)).toEqual(file.cells.map((c) => c.outputs ?? []));
    expect(metadata).toEqual(file.metadata);
  });

  it("reads nbformat 4.0 and gives its cells fresh unique ids", () => {
    const file = sampleJson("test4.ipynb");
    const { cells } = parseIpynb(sample("test4.ipynb"));
    expect(cells).toHaveLength(9);
    expect(new Set(cells.map((c) => c.id)).size).toBe(9);
    for (const cell of cells) expect(cell.id).toMatch(/^[a-zA-Z0-9-_]{1,64}$/);
    expect(cells[3]!.metadata).toEqual({ collapsed: false });
    // Multi-line data in outputs stays exactly as the file had it.
    expect(cells[8]!.outputs).toEqual(file.cells[8]!.outputs);
  });

  it("accepts the parsed object as well as the text", () => {
    expect(parseIpynb(sampleJson("test4.5.ipynb")).cells).toHaveLength(9);
  });

  it("rejects invalid.ipynb naming each problem: a missing source, a v3 heading cell, a bad output type", () => {
    const message = rejection(sample("invalid.ipynb"));
    expect(message).toContain("cells[0].source: is required");
    expect(message).toContain('cells[2].cell_type: "heading" cells are not part of nbformat 4');
    expect(message).toContain('cells[3].outputs[0].output_type: must be "execute_result", "display_data", "stream" or "error" (got "bad stream")');
  });

  it("rejects invalid_cell_id.ipynb naming the bad id", () => {
    expect(rejection(sample("invalid_cell_id.ipynb"))).toContain("cells[0].id: may contain only letters, digits, '-' and '_'");
  });

  it("rejects what the nbformat 4 schema rejects, with the place and the reason", () => {
    const code = { cell_type: "code", metadata: {}, source: "", outputs: [], execution_count: null };
    expect(rejection("{ not json")).toMatch(/not valid JSON/);
    expect(rejection([])).toMatch(/JSON object/);
    expect(rejection({ nbformat: 3, nbformat_minor: 0, metadata: {}, worksheets: [] })).toMatch(/nbformat 3 is not supported/);
    expect(rejection({ nbformat_minor: 5, metadata: {}, cells: [] })).toContain("nbformat: is required");
    expect(rejection({ ...minimal([]), cells: "x" })).toContain("cells: must be a list of cells");
    expect(rejection(minimal([{ ...code, id: "a" }, { ...code, id: "a" }]))).toContain('cells[1].id: "a" is also the id of cells[0]');
    expect(rejection(minimal([code]))).toContain("cells[0].id: is required in nbformat 4.5");
    expect(rejection(minimal([{ ...code, id: "x".repeat(65) }]))).toContain("cells[0].id: must be at most 64 characters");
    expect(rejection(minimal([{ ...code, id: "a", execution_count: "1" }]))).toContain("cells[0].execution_count: must be an integer or null");
    expect(rejection(minimal([{ ...code, id: "a", outputs: [{ output_type: "stream", text: "x" }] }]))).toContain(
      "cells[0].outputs[0].name: is required",
    );
    expect(rejection(minimal([{ ...code, id: "a", extra: 1 }]))).toContain('cells[0]: unknown field(s) "extra"');
    expect(rejection(minimal([{ ...code, id: "a", cell_type: "sql" }]))).toContain('cells[0].cell_type: must be "code", "markdown" or "raw" (got "sql")');
  });

  it("keeps raw cells as markdown cells marked raw, and exports them as raw again", () => {
    const file = minimal([{ id: "r1", cell_type: "raw", metadata: { format: "text/latex" }, source: ["\\begin{x}\n", "\\end{x}"] }]);
    const { cells } = parseIpynb(file);
    expect(cells[0]).toMatchObject({ kind: "markdown", source: "\\begin{x}\n\\end{x}", metadata: { format: "text/latex", tracebook: { raw: true } } });
    expect(toIpynb({ cells, metadata: {} }).cells[0]).toEqual({
      id: "r1",
      cell_type: "raw",
      metadata: { format: "text/latex" },
      source: ["\\begin{x}\n", "\\end{x}"],
    });
  });
});

describe("ipynb export", () => {
  it("writes valid nbformat 4.5 with ids and TypeScript kernel metadata, and reads back the same cells", () => {
    for (const name of ["test4.ipynb", "test4.5.ipynb"]) {
      const content = parseIpynb(sample(name));
      const text = stringifyIpynb(toIpynb(content));
      const written = JSON.parse(text);
      expect(notebook.safeParse(written).success).toBe(true);
      expect(written).toMatchObject({ nbformat: 4, nbformat_minor: 5, metadata: TYPESCRIPT_METADATA });
      expect(written.cells.map((c: { id: string }) => c.id)).toEqual(content.cells.map((c) => c.id));
      expect(parseIpynb(text).cells).toEqual(content.cells);
    }
  });

  it("splits sources into nbformat lines and leaves out stored outputs that are not nbformat outputs", () => {
    const nb = toIpynb({
      metadata: { title: "kept" },
      cells: [
        {
          id: "c1",
          kind: "code",
          source: "a\nb\n",
          metadata: {},
          outputs: [{ output_type: "stream", name: "stdout", text: "ok\n" }, { kind: "not nbformat" }],
          executionCount: 2,
        },
      ],
    });
    expect(nb.metadata.title).toBe("kept");
    expect(nb.cells[0]).toEqual({
      id: "c1",
      cell_type: "code",
      metadata: {},
      source: ["a\n", "b\n"],
      outputs: [{ output_type: "stream", name: "stdout", text: "ok\n" }],
      execution_count: 2,
    });
  });

  it("makes ids that nbformat would refuse valid and unique", () => {
    const cell = { kind: "code" as const, source: "", metadata: {}, outputs: [], executionCount: null };
    const nb = toIpynb({ metadata: {}, cells: [{ ...cell, id: "a b" }, { ...cell, id: "a-b" }] });
    expect(nb.cells.map((c) => c.id)).toEqual(["a-b", "a-b-2"]);
    expect(notebook.safeParse(nb).success).toBe(true);
  });
});
