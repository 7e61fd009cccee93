import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Dataset } from "./dataset";
import { DataError } from "./errors";
import { loadFile } from "./load";
import { checkLeakage, expectNoLeakage, randomSplit, stratifiedSplit, timeSplit } from "./splits";
import { openFixture, readAll, type DataFixture } from "./testing";

let fx: DataFixture;
let ds: Dataset;

beforeAll(async () => {
  fx = await openFixture();
  // 100 rows: id 0..99, label a for id < 90 else b, user = id % 40, day = 2024-01-01 + id days, null day on id 50
  const lines = Array.from({ length: 100 }, (_, id) => {
    const day = id === 50 ? "" : new Date(Date.UTC(2024, 0, 1 + id)).toISOString().slice(0, 10);
    return `${id},${id < 90 ? "a" : "b"},${id % 40},${day}`;
  });
  ds = (await loadFile(fx.engine, await fx.write("s.csv", "id,label,user,day\n" + lines.join("\n")))).dataset;
});
afterAll(async () => { await fx.close(); });

const ids = async (d: Dataset) => (await readAll(fx.engine, d)).map((r) => r.id as number);

describe("splits", () => {
  it("random: exact sizes, a partition of the rows, reproducible per seed", async () => {
    const { splits, report } = await randomSplit(fx.engine, ds, { fractions: { train: 0.7, valid: 0.1, test: 0.2 }, seed: 42 });
    expect(report.counts).toEqual({ train: 70, valid: 10, test: 20 });
    const all = [...(await ids(splits.train!)), ...(await ids(splits.valid!)), ...(await ids(splits.test!))];
    expect(all.sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    // rows keep their order within a part
    const train = await ids(splits.train!);
    expect(train).toEqual([...train].sort((a, b) => a - b));
    const again = await randomSplit(fx.engine, ds, { fractions: { train: 0.7, valid: 0.1, test: 0.2 }, seed: 42 });
    expect(again.splits.train!.id).toBe(splits.train!.id);
    const other = await randomSplit(fx.engine, ds, { fractions: { train: 0.7, valid: 0.1, test: 0.2 }, seed: 43 });
    expect(other.splits.train!.id).not.toBe(splits.train!.id);
    await expect(randomSplit(fx.engine, ds, { fractions: { a: 0.5, b: 0.4 }, seed: 1 })).rejects.toThrow(/sum to 1/);
  });

  it("stratified: each label split in proportion", async () => {
    const { report } = await stratifiedSplit(fx.engine, ds, { column: "label", fractions: { train: 0.8, test: 0.2 }, seed: 1 });
    expect(report.strata).toEqual({ train: { a: 72, b: 8 }, test: { a: 18, b: 2 } });
    expect(report.counts).toEqual({ train: 80, test: 20 });
  });

  it("time: by cutoffs and by fractions, nulls left out", async () => {
    const byCutoff = await timeSplit(fx.engine, ds, { column: "day", names: ["past", "future"], cutoffs: ["2024-03-01"] });
    // 2024-01-01 + 60 days = 2024-03-01: ids 0..59 minus the null at 50
    expect(byCutoff.report.counts).toEqual({ past: 59, future: 40 });
    expect(byCutoff.report.nullTimeRows).toBe(1);
    expect(Math.max(...(await ids(byCutoff.splits.past!)))).toBe(59);
    const byFraction = await timeSplit(fx.engine, ds, { column: "day", fractions: { train: 0.8, test: 0.2 } });
    const train = await ids(byFraction.splits.train!);
    const test = await ids(byFraction.splits.test!);
    expect(Math.max(...train)).toBeLessThan(Math.min(...test));
    expect(train.length + test.length).toBe(99);
    expect(byFraction.report.cutoffs).toHaveLength(1);
  });

  it("leakage: fails when a key is on both sides", async () => {
    const { splits } = await timeSplit(fx.engine, ds, { column: "day", names: ["train", "test"], cutoffs: ["2024-03-01"] });
    // users are id % 40: test ids 60..99 hold users 20..39 and 0..19, all of which also occur in train (ids 0..59)
    const report = await checkLeakage(fx.engine, splits, { keys: ["user"], sampleSize: 2 });
    expect(report.ok).toBe(false);
    expect(report.overlaps).toEqual([{ a: "train", b: "test", sharedKeys: 40, samples: [{ user: 0 }, { user: 1 }] }]);
    const error = await expectNoLeakage(fx.engine, splits, { keys: ["user"] }).then(() => null, (e: unknown) => e);
    expect((error as DataError).code).toBe("leakage");
    expect((await checkLeakage(fx.engine, splits, { keys: ["id"] })).ok).toBe(true);
  });
});
