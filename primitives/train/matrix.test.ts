import { describe, expect, it } from "vitest";
import { checkSize, checkTargets, matrixFromRows, selectExamples } from "./matrix";

describe("feature matrices from rows", () => {
  it("packs rows row-major with default names", () => {
    const m = matrixFromRows([[1, 2], [3, 4], [5, 6]]);
    expect(m).toMatchObject({ rows: 3, cols: 2, columns: ["x0", "x1"] });
    expect(Array.from(m.values)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("refuses ragged rows, NaN, null and strings, naming the row", () => {
    expect(() => matrixFromRows([[1, 2], [3]])).toThrow(expect.objectContaining({ code: "length_mismatch", message: "row 1 has 1 features, row 0 has 2" }));
    expect(() => matrixFromRows([[1, NaN]])).toThrow(expect.objectContaining({ code: "missing_values", message: expect.stringContaining("row 0, feature 1 is NaN") }));
    expect(() => matrixFromRows([[1, null]])).toThrow(expect.objectContaining({ code: "non_numeric_feature", message: expect.stringContaining("is null") }));
    expect(() => matrixFromRows([["a"]])).toThrow(expect.objectContaining({ code: "non_numeric_feature", message: expect.stringContaining("FeatureSet") }));
    expect(() => matrixFromRows([])).toThrow(expect.objectContaining({ code: "invalid_argument" }));
    expect(() => matrixFromRows([[1, 2]], ["a"])).toThrow(expect.objectContaining({ code: "schema_mismatch" }));
  });

  it("targets: one per row, finite numbers for regression", () => {
    expect(() => checkTargets([1, 2], 3, "number")).toThrow(expect.objectContaining({ code: "length_mismatch", message: expect.stringContaining("3 feature rows but 2 targets") }));
    expect(() => checkTargets([1, NaN], 2, "number")).toThrow(expect.objectContaining({ code: "missing_values" }));
    expect(() => checkTargets([1, "a"], 2, "number")).toThrow(expect.objectContaining({ code: "non_numeric_feature" }));
    expect(() => checkTargets(["a", null], 2, "label")).toThrow(expect.objectContaining({ code: "missing_values" }));
    expect(checkTargets(["a", true, 3], 3, "label")).toEqual(["a", true, 3]);
  });

  it("size limit and row selection", () => {
    expect(() => checkSize(1000, 1000, 999_999)).toThrow(expect.objectContaining({ code: "too_large" }));
    const picked = selectExamples({ x: matrixFromRows([[1], [2], [3]]), y: ["a", "b", "c"] }, Int32Array.of(2, 0));
    expect(Array.from(picked.x.values)).toEqual([3, 1]);
    expect(picked.y).toEqual(["c", "a"]);
  });
});
