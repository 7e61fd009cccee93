import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { coerce, dropNulls, fillNulls, normalize, trim } from "./clean";
import type { Dataset } from "./dataset";
import { DataError } from "./errors";
import { loadFile } from "./load";
import { listTables, openFixture, readAll, type DataFixture } from "./testing";

let fx: DataFixture;
let ds: Dataset;

beforeAll(async () => {
  fx = await openFixture();
  // a: 1, null, 3, 4 (mean 8/3, median 3); b: text with padding; c: numbers as text
  ds = (await loadFile(fx.engine, await fx.write("c.csv", 'a,b,c\n1," x ",10\n,y,n/a\n3,"  ",2.5\n4,,7\n'))).dataset;
});
afterAll(async () => { await fx.close(); });

describe("cleaning", () => {
  it("drops rows with nulls (any / all) and reports counts", async () => {
    const any = await dropNulls(fx.engine, ds);
    expect(any.report).toEqual({ kept: 2, dropped: 2, columns: ["a", "b", "c"], how: "any" });
    expect((await readAll(fx.engine, any.dataset)).map((r) => r.a)).toEqual([1, 3]);
    const all = await dropNulls(fx.engine, ds, { columns: ["a", "b"], how: "all" });
    expect(all.report.dropped).toBe(0);
    expect(all.dataset.id).toBe(ds.id);
  });

  it("fills nulls with constants and statistics", async () => {
    const { dataset, report } = await fillNulls(fx.engine, ds, { a: { strategy: "median" }, b: "?" });
    expect(report.columns).toEqual({ a: { filled: 1, value: 3 }, b: { filled: 1, value: "?" } });
    expect((await readAll(fx.engine, dataset)).map((r) => [r.a, r.b])).toEqual([[1, " x "], [3, "y"], [3, "  "], [4, "?"]]);
    const mean = await fillNulls(fx.engine, ds, { a: { strategy: "mean" } });
    expect(mean.report.columns.a!.value).toBeCloseTo(8 / 3, 12);
    // Filling keeps the integer type: 2.67 lands as 3.
    expect((await readAll(fx.engine, mean.dataset))[1]!.a).toBe(3);
    await expect(fillNulls(fx.engine, ds, { b: { strategy: "mean" } })).rejects.toThrow(DataError);
  });

  it("trims text and can turn emptied values into nulls", async () => {
    const { dataset, report } = await trim(fx.engine, ds, { columns: ["b"], emptyAsNull: true });
    expect(report.columns.b).toEqual({ changed: 2, emptied: 1 });
    expect((await readAll(fx.engine, dataset)).map((r) => r.b)).toEqual(["x", "y", null, null]);
  });

  it("coerces types and reports values that failed, with samples", async () => {
    const { dataset, report } = await coerce(fx.engine, ds, { c: "number" });
    expect(report.columns.c).toEqual({ to: "DOUBLE", converted: 3, failed: 1, samples: [{ __row: 1, value: "n/a" }] });
    expect(dataset.column("c")!.type).toBe("DOUBLE");
    expect((await readAll(fx.engine, dataset)).map((r) => r.c)).toEqual([10, null, 2.5, 7]);
    const ints = await coerce(fx.engine, ds, { c: "integer" });
    expect(ints.report.columns.c!.failed).toBe(2); // "n/a" and "2.5"
    const before = await listTables(fx.engine);
    const error = await coerce(fx.engine, ds, { c: "number" }, { strict: true }).then(() => null, (e: unknown) => e);
    expect((error as DataError).details.columns).toEqual(["c"]);
    expect(await listTables(fx.engine)).toEqual(before);
  });

  it("normalizes with min-max and z-score, reporting fitted parameters", async () => {
    const mm = await normalize(fx.engine, ds, { method: "minmax", columns: ["a"] });
    expect(mm.report.columns.a).toEqual({ min: 1, max: 4 });
    expect((await readAll(fx.engine, mm.dataset)).map((r) => r.a)).toEqual([0, null, 2 / 3, 1]);
    const z = await normalize(fx.engine, ds, { method: "zscore" });
    // a = 1, 3, 4: mean 8/3, sample variance ((25/9)+(1/9)+(16/9))/2 = 7/3
    const std = Math.sqrt(7 / 3);
    expect(z.report.columns.a!.mean).toBeCloseTo(8 / 3, 12);
    expect(z.report.columns.a!.std).toBeCloseTo(std, 12);
    const values = (await readAll(fx.engine, z.dataset)).map((r) => r.a as number | null);
    expect(values[0]).toBeCloseTo((1 - 8 / 3) / std, 12);
    expect(values[1]).toBeNull();
    expect(values[3]).toBeCloseTo((4 - 8 / 3) / std, 12);
    await expect(normalize(fx.engine, ds, { method: "zscore", columns: ["b", "zz"] })).rejects.toThrow(/zz/);
  });
});
