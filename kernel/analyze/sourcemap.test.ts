import { describe, expect, it } from "vitest";
import { type CellSourceMap, decodeMappings, encodeMappings, findOriginalPosition } from "./sourcemap";
import { spliceGenerated } from "./splice";

function mapWith(mappings: string): CellSourceMap {
  return { version: 3, file: "x.js", sources: ["x.ts"], sourcesContent: [""], names: ["renamed"], mappings };
}

describe("source map codec", () => {
  it("decodes relative VLQ fields into absolute segments", () => {
    // Line 0: col 0 -> 0:0, col 9 -> 0:9 (name 0); line 1 empty; line 2: col 2 -> 1:1 (column delta -8).
    expect(decodeMappings("AAAA,SAASA;;EACR")).toEqual([[[0, 0, 0, 0], [9, 0, 0, 9, 0]], [], [[2, 0, 1, 1]]]);
  });

  it("round-trips large and negative deltas", () => {
    const lines = [[[0, 0, 500, 1000], [40, 0, 2, 3, 0]], [], [[1]], [[7, 0, 0, 0]]];
    expect(decodeMappings(encodeMappings(lines))).toEqual(lines);
  });

  it("finds the closest mapped segment at or before a column, 1-based", () => {
    const map = mapWith("AAAA,SAASA;;EACR");
    expect(findOriginalPosition(map, 1, 1)).toEqual({ line: 1, column: 1 });
    expect(findOriginalPosition(map, 1, 12)).toEqual({ line: 1, column: 10, name: "renamed" });
    expect(findOriginalPosition(map, 3, 3)).toEqual({ line: 2, column: 2 });
    expect(findOriginalPosition(map, 3, 1)).toBeNull();
    expect(findOriginalPosition(map, 2, 5)).toBeNull();
    expect(findOriginalPosition(map, 9, 1)).toBeNull();
  });
});

describe("spliceGenerated", () => {
  it("moves segments after each insertion, across inserted lines", () => {
    const text = "ab cd\nef";
    const mappings = [[[0, 0, 0, 0], [3, 0, 0, 5]], [[0, 0, 1, 0]]];
    const spliced = spliceGenerated(text, mappings, [
      { offset: 0, text: "START\n" },
      { offset: 3, text: "<<" },
      { offset: text.length, text: "\nEND" },
    ]);
    expect(spliced.text).toBe("START\nab <<cd\nef\nEND");
    expect(spliced.mappings).toEqual([[], [[0, 0, 0, 0], [5, 0, 0, 5]], [[0, 0, 1, 0]], []]);
  });
});
