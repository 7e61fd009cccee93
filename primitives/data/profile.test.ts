import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Dataset } from "./dataset";
import { loadFile } from "./load";
import { histogramSpec, profile, profileTable } from "./profile";
import { openFixture, type DataFixture } from "./testing";

let fx: DataFixture;
let ds: Dataset;

beforeAll(async () => {
  fx = await openFixture();
  // x: 1..10 with one null; c: a a a b b c; d: dates over 9 days
  const rows = [
    "1,a,2024-01-01", "2,a,2024-01-02", "3,a,2024-01-03", "4,b,2024-01-04", "5,b,2024-01-05",
    "6,c,2024-01-06", "7,,2024-01-07", "8,,2024-01-08", "9,,2024-01-09", "10,,2024-01-10", ",,2024-01-10",
  ];
  ds = (await loadFile(fx.engine, await fx.write("p.csv", "x,c,d\n" + rows.join("\n")))).dataset;
});
afterAll(async () => { await fx.close(); });

describe("profile", () => {
  it("computes per-column statistics like pandas describe", async () => {
    const p = await profile(fx.engine, ds, { bins: 3, topValues: 2 });
    expect(p.rowCount).toBe(11);
    const [x, c, d] = p.columns;
    // x = 1..10: mean 5.5, sample std sqrt(55/6), quartiles (linear) 3.25 / 5.5 / 7.75
    expect(x).toMatchObject({ name: "x", count: 10, nulls: 1, distinct: 10, min: 1, max: 10, mean: 5.5, quantiles: { p25: 3.25, p50: 5.5, p75: 7.75 } });
    expect(x!.std).toBeCloseTo(Math.sqrt(55 / 6), 12);
    // bins of width 3 over [1, 10]: [1,4) 1 2 3 · [4,7) 4 5 6 · [7,10] 7 8 9 10
    expect(x!.histogram).toEqual({ kind: "bins", bins: [{ start: 1, end: 4, count: 3 }, { start: 4, end: 7, count: 3 }, { start: 7, end: 10, count: 4 }] });
    expect(c).toMatchObject({ count: 6, nulls: 5, distinct: 3, min: "a", max: "c", mean: null, quantiles: null });
    expect(c!.histogram).toEqual({ kind: "values", values: [{ value: "a", count: 3 }, { value: "b", count: 2 }], otherCount: 1 });
    expect(d).toMatchObject({ count: 11, distinct: 10, min: "2024-01-01", max: "2024-01-10" });
    const dBins = d!.histogram as { kind: "bins"; bins: { start: string; count: number }[] };
    expect(dBins.bins.map((b) => b.count)).toEqual([3, 3, 5]);
    expect(dBins.bins[0]!.start).toBe("2024-01-01T00:00:00.000Z");
    // approximate mode (HyperLogLog, t-digest) stays close on small data
    expect(p.methods).toEqual({ quantiles: "exact", distinct: "exact" });
    const approx = await profile(fx.engine, ds, { quantiles: "approximate", distinct: "approximate" });
    expect(Math.abs(approx.columns[0]!.distinct! - 10)).toBeLessThanOrEqual(1);
    expect(Math.abs(approx.columns[0]!.quantiles!.p50 - 5.5)).toBeLessThanOrEqual(1);
    // A text column's distinct count comes from its top values' grouping: exact in either mode, with or without the limit.
    expect((await profile(fx.engine, ds, { distinct: "approximate", topValues: 1 })).columns[1]).toMatchObject({ distinct: 3, histogram: { values: [{ value: "a", count: 3 }], otherCount: 3 } });
    expect((await profile(fx.engine, ds, { distinct: "exact", histograms: false })).columns[1]!.distinct).toBe(3);
    const bare = await profile(fx.engine, ds, { distinct: "none", histograms: false });
    expect(bare.columns.map((c) => [c.distinct, c.histogram])).toEqual([[null, null], [null, null], [null, null]]);
  });

  it("renders as table rows and Vega-Lite specs", async () => {
    const p = await profile(fx.engine, ds, { bins: 3 });
    expect(profileTable(p)[0]).toMatchObject({ column: "x", type: "BIGINT", count: 10, nulls: 1, p50: 5.5 });
    const spec = histogramSpec(p.columns[0]!)!;
    expect(spec).toMatchObject({ mark: { type: "bar" }, encoding: { x: { field: "start", bin: { binned: true } }, x2: { field: "end" } } });
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
    expect(histogramSpec(p.columns[1]!)).toMatchObject({ encoding: { x: { field: "value", type: "nominal" } } });
  });
});
