import { describe, expect, it } from "vitest";
import { EvaluateError } from "./errors";
import { createRandom } from "../train/random";
import { compareKeys, encodeKeys, labelKey, markKey, readLabelOption, readLabels, showLabels, uniqueKeys, type LabelKey } from "./labels";

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
    expect(readLabels("y", [0, -0, 1]).keys.map((k) => Object.is(k, -0))).toEqual([false, false, false]);
    expect(readLabels("y", Float64Array.of(-0, 2, 0)).keys).toEqual([0, 2, 0]);
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

  it("reads keys, first spellings and distinct labels as a per-sample reference does, past the remembered few", () => {
    const random = createRandom("labels");
    const pools: unknown[][] = [[0, 1], [true, 1, false, 0, -0], ["a", "b", "c"], Array.from({ length: 40 }, (_, i) => i - 20), Array.from({ length: 30 }, (_, i) => `s${i}`)];
    for (const pool of pools) {
      const values = Array.from({ length: 2000 }, () => pool[random.int(pool.length)]);
      const column = readLabels("y", values);
      const keys = values.map((v, i) => labelKey("y", v, i));
      const firstSpelling = new Map<LabelKey, unknown>();
      values.forEach((v, i) => { if (!firstSpelling.has(keys[i]!)) firstSpelling.set(keys[i]!, v); });
      expect(column.keys).toEqual(keys);
      expect([...column.shown.entries()]).toEqual([...firstSpelling.entries()]);
      const classes = [...new Set(keys)].sort(compareKeys);
      expect(uniqueKeys(column)).toEqual(classes);
      const some = classes.filter((_, j) => j % 2 === 0);
      expect(encodeKeys(column.keys, some)).toEqual(Int32Array.from(keys, (k) => some.indexOf(k)));
      expect(markKey(column.keys, classes[0]!)).toEqual(Uint8Array.from(keys, (k) => (k === classes[0] ? 1 : 0)));
    }
  });
});
