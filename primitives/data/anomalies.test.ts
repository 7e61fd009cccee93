import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { detectAnomalies } from "./anomalies";
import type { Dataset } from "./dataset";
import { loadFile } from "./load";
import { openFixture, readAll, type DataFixture } from "./testing";

let fx: DataFixture;
let ds: Dataset;
// x: 1..9 and 100; y: constant 5 except one 50.
const X = [1, 2, 3, 4, 5, 6, 7, 8, 9, 100];
const Y = [5, 5, 5, 5, 5, 5, 5, 5, 5, 50];

beforeAll(async () => {
  fx = await openFixture();
  const csv = "id,x,y\n" + X.map((x, i) => `${i},${x},${Y[(i + 3) % 10]}`).join("\n");
  ds = (await loadFile(fx.engine, await fx.write("a.csv", csv))).dataset;
});
afterAll(async () => { await fx.close(); });

describe("detectAnomalies", () => {
  it("iqr: Tukey fences with interpolated quartiles", async () => {
    // x quartiles (linear): Q1 = 3.25, Q3 = 7.75, IQR 4.5 -> fences -3.5 and 14.5
    const { dataset, report } = await detectAnomalies(fx.engine, ds, { method: "iqr", columns: ["x"] });
    expect(report.columns.x).toEqual({ flagged: 1, params: { q1: 3.25, q3: 7.75, iqr: 4.5 }, lower: -3.5, upper: 14.5 });
    expect(report.flaggedRows).toBe(1);
    expect(await readAll(fx.engine, dataset)).toEqual([
      { __row: 9, id: 9, x: 100, y: 5, __reasons: ["x=100 above 14.5 (iqr, k=1.5)"] },
    ]);
  });

  it("zscore: |x - mean| / sample std over the threshold, every column", async () => {
    const mean = X.reduce((a, b) => a + b, 0) / X.length; // 14.5
    const std = Math.sqrt(X.reduce((a, b) => a + (b - mean) ** 2, 0) / (X.length - 1));
    // (100 - 14.5) / std = 2.85 < 3: nothing at 3, flagged at 2.5
    const at3 = await detectAnomalies(fx.engine, ds, { method: "zscore", columns: ["x"] });
    expect(at3.report.flaggedRows).toBe(0);
    const { report } = await detectAnomalies(fx.engine, ds, { method: "zscore", threshold: 2.5 });
    expect(report.columns.x!.params.mean).toBe(mean);
    expect(report.columns.x!.params.std).toBeCloseTo(std, 10);
    expect(report.columns.x!.flagged).toBe(1);
    // y: the 50 sits at row 6 ((6 + 3) % 10 = 9)
    expect(report.columns.y!.flagged).toBe(1);
    expect(report.columns.id!.flagged).toBe(0);
    expect(report.samples.map((s) => [s.__row, s.__reasons])).toEqual([
      [6, [expect.stringMatching(/^y=50 above /)]],
      [9, [expect.stringMatching(/^x=100 above /)]],
    ]);
  });

  it("mad: modified z-score; a column whose MAD is 0 flags nothing", async () => {
    // x: median 5.5, |x - 5.5| = 4.5 3.5 2.5 1.5 .5 .5 1.5 2.5 3.5 94.5 -> MAD 2.5
    const { report } = await detectAnomalies(fx.engine, ds, { method: "mad" });
    expect(report.columns.x!.params).toEqual({ median: 5.5, mad: 2.5 });
    const half = (3.5 * 2.5) / 0.6745;
    expect(report.columns.x!.lower).toBeCloseTo(5.5 - half, 10);
    expect(report.columns.x!.flagged).toBe(1);
    expect(report.columns.y).toMatchObject({ flagged: 0, lower: null, upper: null, params: { median: 5, mad: 0 } });
  });
});
