import { describe, expect, it } from "vitest";
import { EvaluateError } from "./errors";
import { compareKeys, encodeKeys, readLabelOption, readLabels, showLabels, uniqueKeys } from "./labels";

describe("labels", () => {
  it("sorts as numpy: numbers ascending, strings by code point (uppercase first, astral after BMP)", () => {
    expect(["b", "a", "B", "é", "ant", "Ant"].sort(compareKeys)).toEqual(["Ant", "B", "a", "ant", "b", "é"]);
    expect(["\u{1F600}", "\uFFFD"].sort(compareKeys)).toEqual(["\uFFFD", "\u{1F600}"]);
    expect(uniqueKeys(readLabels("a", [10, -1, 2]), readLabels("b", [2, 3]))).toEqual([-1, 2, 3, 10]);
  });

  it("booleans count as 0 and 1 but show as written", () => {
    const t = readLabels("y_true", [true, false, true]);
    expect(t.keys).toEqual([1, 0, 1]);
    expect(showLabels([0, 1], [t])).toEqual([false, true]);
    expect(encodeKeys(readLabels("y", [1, 0, 7]).keys, [0, 1])).toEqual(Int32Array.of(1, 0, -1));
  });

  it("refuses missing values, continuous numbers, mixed types and duplicate or empty label lists", () => {
    const code = (fn: () => unknown) => { try { fn(); } catch (e) { return (e as EvaluateError).code; } return null; };
    expect(code(() => readLabels("y", [0, undefined]))).toBe("non_finite");
    expect(code(() => readLabels("y", [0, Infinity]))).toBe("non_finite");
    expect(code(() => readLabels("y", [0.25]))).toBe("invalid_labels");
    expect(code(() => readLabels("y", [1, "1"]))).toBe("invalid_labels");
    expect(code(() => readLabelOption([1, 1], "number"))).toBe("invalid_argument");
    expect(code(() => readLabelOption([], "number"))).toBe("invalid_argument");
    expect(code(() => readLabelOption(["a"], "number"))).toBe("invalid_labels");
    expect(code(() => readLabels("y", "abc"))).toBe("invalid_argument");
  });
});
