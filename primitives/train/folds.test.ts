import { describe, expect, it } from "vitest";
import { kFold, stratifiedKFold } from "./folds";

describe("folds", () => {
  it("k-fold: every row held out exactly once, sizes within one, train is the complement", () => {
    const folds = kFold(11, 3, 5);
    expect(folds.map((f) => f.test.length).sort()).toEqual([3, 4, 4]);
    const held = folds.flatMap((f) => [...f.test]).sort((a, b) => a - b);
    expect(held).toEqual(Array.from({ length: 11 }, (_, i) => i));
    for (const f of folds) expect([...f.train, ...f.test].sort((a, b) => a - b)).toEqual(held);
    expect(kFold(11, 3, 5)).toEqual(folds);
    expect(kFold(11, 3, 6)).not.toEqual(folds);
  });

  it("stratified: each class split evenly across folds", () => {
    const labels = [...Array(6).fill("a"), ...Array(3).fill("b")];
    const folds = stratifiedKFold(labels, 3, 2);
    for (const f of folds) {
      const test = [...f.test].map((i) => labels[i]);
      expect(test.filter((l) => l === "a")).toHaveLength(2);
      expect(test.filter((l) => l === "b")).toHaveLength(1);
    }
  });

  it("refuses too few rows, k < 2 and a class with one row", () => {
    expect(() => kFold(2, 3, 1)).toThrow(expect.objectContaining({ code: "invalid_argument", message: "3 folds need at least 3 rows; there are 2" }));
    expect(() => kFold(5, 1, 1)).toThrow(/folds must be an integer >= 2/);
    expect(() => stratifiedKFold(["a", "a", "b"], 2, 1)).toThrow(expect.objectContaining({ message: expect.stringContaining("b has one") }));
  });
});
