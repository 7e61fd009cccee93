import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Dataset } from "../data/dataset";
import { openFixture, readAll, type DataFixture } from "../data/testing";
import { injectMissing, injectOutOfRange, perturbNumeric } from "./perturb";

let fx: DataFixture;
let ds: Dataset;

beforeAll(async () => {
  fx = await openFixture();
  ds = await fx.engine.materialize(`SELECT range AS id, (range % 50)::DOUBLE AS x, CASE WHEN range % 7 = 0 THEN NULL ELSE range % 3 END AS k, 'c' || (range % 4)::VARCHAR AS city, DATE '2024-01-01' + (range % 30)::INTEGER AS day FROM range(2000) ORDER BY id`);
});
afterAll(async () => fx.close());

describe("seeded perturbations", () => {
  it("injectMissing nulls about rate of each column, the same rows for the same seed", async () => {
    const a = await injectMissing(fx.engine, ds, { columns: ["x", "city"], rate: 0.1, seed: 7 });
    const b = await injectMissing(fx.engine, ds, { columns: ["x", "city"], rate: 0.1, seed: 7 });
    const c = await injectMissing(fx.engine, ds, { columns: ["x", "city"], rate: 0.1, seed: 8 });
    expect(b.dataset.id).toBe(a.dataset.id);
    expect(c.dataset.id).not.toBe(a.dataset.id);
    const [n] = await fx.engine.query(`SELECT count(*) FILTER (WHERE x IS NULL) AS x, count(*) FILTER (WHERE city IS NULL) AS city FROM ${a.dataset.table}`);
    expect(a.report.changed).toEqual({ x: Number(n!.x), city: Number(n!.city) });
    expect(a.report.changed.x).toBeGreaterThan(150);
    expect(a.report.changed.x).toBeLessThan(250);
    const rows = await readAll(fx.engine, a.dataset);
    expect(rows.map((r) => r.id)).toEqual(Array.from({ length: 2000 }, (_, i) => i));
  });

  it("rate 0 changes nothing (the same content, the same dataset)", async () => {
    const { dataset, report } = await injectMissing(fx.engine, ds, { columns: ["x"], rate: 0, seed: 1 });
    expect(dataset.id).toBe(ds.id);
    expect(report.changed).toEqual({ x: 0 });
  });

  it("injectOutOfRange pushes numbers outside [min, max] and text to an unseen value", async () => {
    const { dataset, report } = await injectOutOfRange(fx.engine, ds, { columns: ["x", "city"], rate: 0.2, seed: 3, magnitude: 2 });
    const [r] = await fx.engine.query(`SELECT count(*) FILTER (WHERE x < 0 OR x > 49) AS out, count(*) FILTER (WHERE x = -98 OR x = 147) AS exact, count(*) FILTER (WHERE city = '__unseen__') AS unseen FROM ${dataset.table}`);
    expect(Number(r!.out)).toBe(report.changed.x);
    expect(Number(r!.exact)).toBe(report.changed.x);
    expect(Number(r!.unseen)).toBe(report.changed.city);
    await expect(injectOutOfRange(fx.engine, ds, { columns: ["day"], rate: 0.1, seed: 1 })).rejects.toThrow(/day \(DATE\)/);
  });

  it("perturbNumeric adds noise of about scale × sd and keeps missing values missing", async () => {
    const { dataset } = await perturbNumeric(fx.engine, ds, { columns: ["x", "k"], scale: 0.1, seed: 5 });
    const [r] = await fx.engine.query(`SELECT avg(abs(p.x - o.x)) AS mad, stddev_samp(o.x) AS sd, count(*) FILTER (WHERE p.k IS NULL) AS nk, count(*) FILTER (WHERE o.k IS NULL) AS ok
      FROM (SELECT rowid AS r, * FROM ${dataset.table}) p JOIN (SELECT rowid AS r, * FROM ${ds.table}) o USING (r)`);
    // E|N(0, σ)| = σ·√(2/π); 2000 draws put the mean within a few percent.
    expect(Number(r!.mad) / (0.1 * Number(r!.sd) * Math.sqrt(2 / Math.PI))).toBeGreaterThan(0.9);
    expect(Number(r!.mad) / (0.1 * Number(r!.sd) * Math.sqrt(2 / Math.PI))).toBeLessThan(1.1);
    expect(r!.nk).toBe(r!.ok);
  });

  it("refuses non-numeric features, bad rates and seeds, and no columns", async () => {
    await expect(perturbNumeric(fx.engine, ds, { columns: ["x", "city"], seed: 1 })).rejects.toThrow(/not numeric: city \(VARCHAR\)/);
    await expect(injectMissing(fx.engine, ds, { columns: ["x"], rate: 1.5, seed: 1 })).rejects.toThrow(/rate must be/);
    await expect(injectMissing(fx.engine, ds, { columns: ["x"], rate: 0.1, seed: 0.5 })).rejects.toThrow(/seed must be an integer/);
    await expect(injectMissing(fx.engine, ds, { columns: [], rate: 0.1, seed: 1 })).rejects.toThrow(/at least one column/);
  });
});
