import { describe, expect, it } from "vitest";
import { encodeLabels, findClasses, resolveClassWeights } from "./labels";

describe("class labels", () => {
  it("sorts classes numbers first, then booleans, then strings, keeping types apart", () => {
    expect(findClasses(["b", 2, "a", true, 1, "1", false, 2])).toEqual([1, 2, false, true, "1", "a", "b"]);
  });

  it("a single class is refused with single_class", () => {
    expect(() => findClasses(["x", "x"])).toThrow(expect.objectContaining({ code: "single_class", message: expect.stringContaining('only one class ("x")') }));
  });

  it("encodes to indices and names an unseen class with its row", () => {
    expect(encodeLabels(["b", "a", "b"], ["a", "b"], "training data")).toEqual(Int32Array.of(1, 0, 1));
    expect(() => encodeLabels(["a", "c"], ["a", "b"], "validation data")).toThrow(
      expect.objectContaining({ code: "unseen_class", message: expect.stringMatching(/validation data row 1 has the class "c".*classes: "a", "b"/) }),
    );
    // 1 and "1" are different classes
    expect(() => encodeLabels(["1"], [0, 1], "test")).toThrow(expect.objectContaining({ code: "unseen_class" }));
  });

  it("balanced weights are n / (classes x count)", () => {
    // 3 of class 0, 1 of class 1: 4 / (2 * 3) and 4 / (2 * 1)
    const w = resolveClassWeights("balanced", ["a", "b"], Int32Array.of(0, 0, 0, 1));
    expect(w[0]).toBeCloseTo(2 / 3, 6);
    expect(w[1]).toBe(2);
  });

  it("per-class weights: unlisted classes weigh 1, unknown classes and bad weights are refused", () => {
    expect(Array.from(resolveClassWeights({ b: 3 }, ["a", "b"], Int32Array.of(0, 1)))).toEqual([1, 3]);
    expect(Array.from(resolveClassWeights(undefined, ["a", "b"], Int32Array.of(0, 1)))).toEqual([1, 1]);
    expect(() => resolveClassWeights({ z: 1 }, ["a", "b"], Int32Array.of(0))).toThrow(expect.objectContaining({ code: "unseen_class" }));
    expect(() => resolveClassWeights({ a: -1 }, ["a", "b"], Int32Array.of(0))).toThrow(expect.objectContaining({ code: "invalid_argument" }));
  });
});
