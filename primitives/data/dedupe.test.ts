import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Dataset } from "./dataset";
import { dedupe } from "./dedupe";
import { loadFile } from "./load";
import { openFixture, readAll, type DataFixture } from "./testing";

let fx: DataFixture;
let ds: Dataset;

beforeAll(async () => {
  fx = await openFixture();
  // user 1 three times (versions 2, 5, 1), user 2 once, user 3 twice (versions 7, 7)
  ds = (await loadFile(fx.engine, await fx.write("d.csv", "user,version,v\n1,2,a\n2,1,b\n1,5,c\n3,7,d\n1,1,e\n3,7,f\n"))).dataset;
});
afterAll(async () => { await fx.close(); });

describe("dedupe", () => {
  it("keeps the first row per key by position and reports groups", async () => {
    const { dataset, report } = await dedupe(fx.engine, ds, { keys: ["user"] });
    expect((await readAll(fx.engine, dataset)).map((r) => r.v)).toEqual(["a", "b", "d"]);
    expect(report).toEqual({
      keys: ["user"], keep: "first", orderBy: null, kept: 3, dropped: 3, duplicateGroups: 2,
      samples: [
        { key: { user: 1 }, size: 3, keptRow: 0, droppedRows: [2, 4] },
        { key: { user: 3 }, size: 2, keptRow: 3, droppedRows: [5] },
      ],
    });
  });

  it("keeps the last by an order column, ties going to the later row", async () => {
    const { dataset, report } = await dedupe(fx.engine, ds, { keys: ["user"], keep: "last", orderBy: "version", sampleSize: 1 });
    // user 1: version 5 is row 2 ("c"); user 3: tie at 7, later row 5 ("f"); output in row order
    expect((await readAll(fx.engine, dataset)).map((r) => r.v)).toEqual(["b", "c", "f"]);
    expect(report.samples).toEqual([{ key: { user: 1 }, size: 3, keptRow: 2, droppedRows: [0, 4] }]);
    const first = await dedupe(fx.engine, ds, { keys: ["user"], keep: "first", orderBy: "version" });
    expect((await readAll(fx.engine, first.dataset)).map((r) => r.v)).toEqual(["b", "d", "e"]);
  });

  it("returns the same dataset when nothing is duplicated", async () => {
    const { dataset, report } = await dedupe(fx.engine, ds, { keys: ["user", "v"] });
    expect(dataset.id).toBe(ds.id);
    expect(report).toMatchObject({ dropped: 0, duplicateGroups: 0, samples: [] });
    await expect(dedupe(fx.engine, ds, { keys: ["nope"] })).rejects.toThrow(/nope/);
  });
});
