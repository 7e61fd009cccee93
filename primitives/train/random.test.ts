import { describe, expect, it } from "vitest";
import { createRandom, permutation, shuffleInPlace } from "./random";

describe("seeded randomness", () => {
  it("the same seed gives the same sequence; another seed another", () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const c = createRandom(43);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
    for (const v of seqA) expect(v >= 0 && v < 1).toBe(true);
  });

  it("int stays in range and seed gives 31-bit integers", () => {
    const r = createRandom(1);
    for (let i = 0; i < 200; i++) {
      const n = r.int(7);
      expect(Number.isInteger(n) && n >= 0 && n < 7).toBe(true);
      const s = r.seed();
      expect(Number.isInteger(s) && s >= 0 && s < 2 ** 31).toBe(true);
    }
  });

  it("permutation is a reordering of 0..n-1, fixed by the seed", () => {
    const p = permutation(50, createRandom(9));
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(permutation(50, createRandom(9))).toEqual(p);
    expect(p).not.toEqual(Int32Array.from({ length: 50 }, (_, i) => i));
  });

  it("shuffleInPlace keeps the items", () => {
    const items = ["a", "b", "c", "d"];
    shuffleInPlace(items, createRandom(3));
    expect([...items].sort()).toEqual(["a", "b", "c", "d"]);
  });
});
