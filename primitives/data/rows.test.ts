import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Dataset } from "./dataset";
import { DataError } from "./errors";
import { loadFile } from "./load";
import { head, MAX_ROWS_PER_READ, readRows } from "./rows";
import { openFixture, type DataFixture } from "./testing";

let fx: DataFixture;
let ds: Dataset;

beforeAll(async () => {
  fx = await openFixture();
  ds = (await loadFile(fx.engine, await fx.write("r.csv", "a,b\n" + Array.from({ length: 30 }, (_, i) => `${i},v${i}`).join("\n")))).dataset;
});
afterAll(async () => { await fx.close(); });

describe("rows", () => {
  it("copies out a capped window in table order", async () => {
    expect(await head(fx.engine, ds, 2)).toEqual([{ a: 0, b: "v0" }, { a: 1, b: "v1" }]);
    expect(await readRows(fx.engine, ds, { offset: 28, limit: 5, columns: ["b"] })).toEqual([{ b: "v28" }, { b: "v29" }]);
    const error = await readRows(fx.engine, ds, { limit: MAX_ROWS_PER_READ + 1 }).then(() => null, (e: unknown) => e);
    expect((error as DataError).code).toBe("invalid_argument");
  });
});
