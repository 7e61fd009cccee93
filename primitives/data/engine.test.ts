import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataEngine } from "./engine";
import { listTables, openFixture, type DataFixture } from "./testing";

let fx: DataFixture;
beforeAll(async () => { fx = await openFixture(); });
afterAll(async () => { await fx.close(); });

describe("DataEngine", () => {
  it("gives identical content one dataset and one table, even when made concurrently", async () => {
    const select = "SELECT range AS a, range * 2 AS b FROM range(1000) ORDER BY range";
    const before = await listTables(fx.engine);
    const [x, y] = await Promise.all([fx.engine.materialize(select), fx.engine.materialize(select)]);
    expect(x).toBe(y);
    expect(x.rowCount).toBe(1000);
    expect(x.id).toMatch(/^ds_[0-9a-f]{24}$/);
    expect(await listTables(fx.engine)).toEqual([...before, x.table].sort());
    // Same rows, different column name: different content.
    const renamed = await fx.engine.materialize("SELECT range AS a, range * 2 AS c FROM range(1000) ORDER BY range");
    expect(renamed.id).not.toBe(x.id);
    await fx.engine.release(renamed);
    expect(fx.engine.get(renamed.id)).toBeUndefined();
    expect(await listTables(fx.engine)).not.toContain(renamed.table);
  });

  it("leaves no table when a materialize fails", async () => {
    const before = await listTables(fx.engine);
    await expect(fx.engine.materialize("SELECT 1 / 0 AS a, error('boom') AS b")).rejects.toThrow(/boom/);
    expect(await listTables(fx.engine)).toEqual(before);
  });

  it("spills past its memory limit instead of failing", async () => {
    const engine = await DataEngine.open({ threads: 1, memoryLimit: "32MB" });
    try {
      // 3M rows x 2 BIGINT = 48 MB of column data, half again the limit.
      const ds = await engine.materialize("SELECT range AS a, hash(range) AS b FROM range(3000000) ORDER BY range");
      expect(ds.rowCount).toBe(3_000_000);
      const [mem] = await engine.query("SELECT sum(temporary_storage_bytes) AS spilled FROM duckdb_memory()");
      expect(Number(mem!.spilled)).toBeGreaterThan(0);
      const [sum] = await engine.query(`SELECT sum(a) AS s FROM ${ds.table}`);
      expect(sum!.s).toBe((3_000_000 * 2_999_999) / 2);
    } finally {
      await engine.close();
    }
  });

  it("returns plain values and removes its spill folder on close", async () => {
    const engine = await DataEngine.open({ threads: 1, memoryLimit: "64MB" });
    const [row] = await engine.query("SELECT 9007199254740993::BIGINT AS big, 42::BIGINT AS small, DATE '2024-02-29' AS d, [1, 2] AS l, current_setting('temp_directory') AS dir");
    expect(row).toMatchObject({ big: "9007199254740993", small: 42, d: "2024-02-29", l: [1, 2] });
    const dir = String(row!.dir);
    expect(existsSync(dir)).toBe(true);
    await engine.close();
    expect(existsSync(dir)).toBe(false);
    await expect(engine.query("SELECT 1")).rejects.toThrow(/closed/);
  });
});
