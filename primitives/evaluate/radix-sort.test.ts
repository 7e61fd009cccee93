import { describe, expect, it } from "vitest";
import { createRandom } from "../train/random";
import { sortFloat64 } from "./radix-sort";

describe("sortFloat64", () => {
  it("orders as the typed-array sort: negatives, ties, -0, infinities, subnormals, shared digits", () => {
    const random = createRandom("radix-sort");
    const draws: Array<() => number> = [
      () => random.next(),
      () => Math.round(random.next() * 1e4) / 1e4,
      () => (random.next() - 0.5) * 1e6,
      () => [-0, 0, Infinity, -Infinity, 5e-324, -5e-324, Number.MAX_VALUE, -1, 1][random.int(9)]!,
      () => 2 ** random.int(40), // identical low words: those passes are skipped
      () => -(2 ** -random.int(60)),
    ];
    for (const [d, draw] of draws.entries()) {
      for (const n of [0, 1, 255, 256, 3000]) {
        const values = Float64Array.from({ length: n }, draw);
        const expected = values.slice().sort();
        // A scratch buffer on an odd offset of a larger one, as subarrays are passed.
        const scratch = new Float64Array(n + 3).subarray(3);
        const actual = new Float64Array(n + 1).subarray(1);
        actual.set(values);
        sortFloat64(actual, scratch);
        expect([...actual].map((v) => Object.is(v, -0) ? "-0" : v), `draw ${d}, n ${n}`).toEqual([...expected].map((v) => Object.is(v, -0) ? "-0" : v));
      }
    }
  });
});
