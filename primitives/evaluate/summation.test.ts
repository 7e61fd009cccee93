import { describe, expect, it } from "vitest";
import { linspace01, percentileLinear } from "./calibration";
import { npAverage, pairwiseSum } from "./summation";

/** Reference values printed by numpy 1.24 (Debian) for the same inputs. */
describe("numpy's arithmetic, bit for bit", () => {
  const harmonic = Array.from({ length: 300 }, (_, i) => 1 / (i + 1));

  it("pairwiseSum matches np.sum where a left-to-right sum does not", () => {
    expect(pairwiseSum(harmonic)).toBe(6.282663880299504);
    expect(harmonic.reduce((a, b) => a + b, 0)).toBe(6.282663880299502);
    expect(pairwiseSum(harmonic.slice(0, 7))).toBe(2.5928571428571425);
    expect(pairwiseSum(harmonic.slice(0, 100))).toBe(5.187377517639621);
    expect(pairwiseSum([])).toBe(0);
  });

  it("npAverage matches np.average with weights", () => {
    const values = harmonic.slice(0, 50);
    expect(npAverage(values, values.map((_, i) => i % 3))).toBe(0.07430478385591949);
    expect(npAverage([1, 2, 3, 4])).toBe(2.5);
  });

  it("percentileLinear matches np.percentile (linear) and linspace01 np.linspace(0, 1, n + 1)", () => {
    const b = Float64Array.of(0.3, 0.1, 0.7, 0.5, 0.9, 0.2);
    expect([0, 0.25, 0.375, 0.5, 1].map((q) => percentileLinear(b, q))).toEqual([0.1, 0.225, 0.2875, 0.4, 0.9]);
    expect(linspace01(5)).toEqual([0, 0.2, 0.4, 0.6000000000000001, 0.8, 1]);
  });
});
