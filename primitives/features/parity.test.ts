import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededRandom, testSeed, type Random } from "../../test/random";
import type { Dataset } from "../data/dataset";
import { quoteLiteral } from "../data/sql";
import { openFixture, readAll, type DataFixture } from "../data/testing";
import type { FeatureDefinitionInput } from "./definition";
import { fitFeatureSet } from "./fit";
import { transformDataset, transformRecord } from "./transform";

/**
 * Training/serving parity: the same rows transformed offline (DuckDB over a
 * Dataset) and online (one JS record at a time) give the same values, bit
 * for bit. The online records are the generator's own values (numbers,
 * timestamps as text with zone offsets), not what DuckDB reads back, so the
 * two paths share nothing but the fitted feature set.
 */
const seed = testSeed(20_240_501);
const ROWS = 3000;

interface Source {
  id: number;
  i: number | null;
  x: number | null;
  y: number | null;
  d: string | null;
  s: string | null;
  b: boolean | null;
  ts: string | null;
  tz: string | null;
  dt: string | null;
}

const WORDS = ["alpha", "Beta", "é", "日本", "🙂", "", "a b", "x'y", "z\"q", "NULL", "0", "-1", "true"];
const OFFSETS = ["+00:00", "+05:30", "-08:00", "+14:00", "-03:30", "Z"];

function generate(random: Random): Source[] {
  const maybe = <T>(value: () => T, pNull = 0.05): T | null => (random.chance(pNull) ? null : value());
  const wide = (minExp: number, maxExp: number) => (random.chance(0.5) ? -1 : 1) * random.next() * 10 ** random.int(minExp, maxExp);
  const special = [-0, 0, Number.NaN, 5e-324, -5e-324, 1e-308, 0.1, 0.2, 0.30000000000000004, 1 / 3, 2 ** 52 + 0.5];
  return Array.from({ length: ROWS }, (_, id) => {
    const epochUs = random.int(-2_208_988_800, 4_102_444_800) * 1_000_000 + random.int(0, 999_999);
    return {
      id,
      i: maybe(() => random.int(-1_000_000, 1_000_000)),
      x: maybe(() => (random.chance(0.05) ? random.pick(special) : wide(-8, 8))),
      y: maybe(() => (random.chance(0.03) ? random.pick([0, -1, 5e-324, Number.NaN]) : Math.abs(wide(-30, 30)))),
      d: maybe(() => `${random.chance(0.5) ? "-" : ""}${random.int(0, 99_999_999)}.${String(random.int(0, 9999)).padStart(4, "0")}`),
      s: maybe(() => random.pick(WORDS)),
      b: maybe(() => random.chance(0.3)),
      ts: maybe(() => timestampText(epochUs, "")),
      tz: maybe(() => timestampText(epochUs, random.pick(OFFSETS))),
      dt: maybe(() => timestampText(epochUs, "").slice(0, 10)),
    };
  });
}

/** `YYYY-MM-DD HH:MM:SS.ffffff` of an instant, shown at a zone offset (written after it). */
function timestampText(epochUs: number, offset: string): string {
  const minutes = offset === "" || offset === "Z" ? 0 : (offset.startsWith("-") ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  const micros = ((epochUs % 1_000_000) + 1_000_000) % 1_000_000;
  const local = new Date((epochUs - micros) / 1000 + minutes * 60_000);
  return `${local.toISOString().slice(0, 19).replace("T", " ")}.${String(micros).padStart(6, "0")}${offset}`;
}

function doubleSql(value: number | null): string {
  if (value === null) return "NULL::DOUBLE";
  if (Number.isNaN(value)) return "'NaN'::DOUBLE";
  if (Object.is(value, -0)) return "'-0.0'::DOUBLE";
  return `CAST('${String(value)}' AS DOUBLE)`;
}

const text = (value: string | null, type: string) => (value === null ? `NULL::${type}` : `CAST(${quoteLiteral(value)} AS ${type})`);

function valuesSql(rows: Source[]): string {
  const tuples = rows.map((r) =>
    `(${r.id}, ${r.i === null ? "NULL::BIGINT" : `${r.i}::BIGINT`}, ${doubleSql(r.x)}, ${doubleSql(r.y)}, ${text(r.d, "DECIMAL(12,4)")}, ${text(r.s, "VARCHAR")}, ` +
    `${r.b === null ? "NULL::BOOLEAN" : String(r.b)}, ${text(r.ts, "TIMESTAMP")}, ${text(r.tz, "TIMESTAMPTZ")}, ${text(r.dt, "DATE")})`,
  );
  return `SELECT * FROM (VALUES ${tuples.join(",\n")}) AS t(id, i, x, y, d, s, b, ts, tz, dt) ORDER BY id`;
}

const DEFINITION: FeatureDefinitionInput = {
  name: "parity",
  passthrough: ["id", "s"],
  transforms: [
    { type: "impute", name: "i_filled", input: "i", strategy: "mean" },
    { type: "standardize", name: "i_z", input: "i_filled" },
    { type: "bucketize", name: "i_z_q", input: "i_z", quantiles: 10 },
    { type: "standardize", name: "x_z", input: "x" },
    { type: "minMax", name: "x_mm", input: "x" },
    { type: "minMax", name: "x_clip", input: "x", clip: true },
    { type: "bucketize", name: "x_b", input: "x", boundaries: [-1e6, -1, -0.5, 0, 1e-9, 0.5, 1, 1e6] },
    { type: "impute", name: "x_med", input: "x", strategy: "median" },
    { type: "standardize", name: "d_z", input: "d" },
    { type: "minMax", name: "d_mm", input: "d" },
    { type: "log", name: "y_ln", input: "y" },
    { type: "log", name: "y_ln1", input: "y", offset: 0.001 },
    { type: "standardize", name: "y_ln_z", input: "y_ln" },
    { type: "oneHot", name: "s_oh", input: "s", maxCategories: 8 },
    { type: "oneHot", name: "b_oh", input: "b" },
    { type: "oneHot", name: "i_oh", input: "i", maxCategories: 3 },
    { type: "dateParts", name: "ts", input: "ts", parts: ["year", "quarter", "month", "day", "dayOfWeek", "dayOfYear", "hour", "minute", "second"] },
    { type: "dateParts", name: "tz", input: "tz", parts: ["year", "month", "day", "dayOfWeek", "dayOfYear", "hour", "minute", "second"] },
    { type: "dateParts", name: "dt", input: "dt", parts: ["year", "dayOfWeek", "dayOfYear", "hour"] },
    { type: "hash", name: "s_h", input: "s", buckets: 1_000_003 },
    { type: "hash", name: "i_h", input: "i", buckets: 97 },
    { type: "hash", name: "b_h", input: "b", buckets: 5 },
    { type: "impute", name: "s_top", input: "s", strategy: "mostFrequent" },
    { type: "cross", name: "s_i_b", inputs: ["s_top", "i", "b"], buckets: 2_147_483_647 },
  ],
};

/** Fitting refuses ln's out-of-domain values; the rows transformed later still have them (they become null). */
const LOG_DOMAIN = "(y IS NULL OR isnan(y) OR y > 0)";

/** A row as an online request sends it: decimals as JSON numbers, timestamps as the text they were written in. */
const request = (row: Source): Record<string, unknown> => ({ ...row, d: row.d === null ? null : Number(row.d) });

/** Every (row, column) where the two sides differ, bits included (-0 vs 0, NaN). */
function differences(offline: Record<string, unknown>[], online: Record<string, unknown>[]): string[] {
  const out: string[] = [];
  offline.forEach((row, r) => {
    const other = online[r]!;
    const keys = new Set([...Object.keys(row), ...Object.keys(other)]);
    for (const key of keys) {
      if (!Object.is(row[key], other[key])) out.push(`row ${r} ${key}: offline ${String(row[key])} online ${String(other[key])}`);
    }
  });
  return out;
}

let fx: DataFixture;
let rows: Source[];
let dataset: Dataset;

beforeAll(async () => {
  fx = await openFixture();
  rows = generate(seededRandom(seed));
  dataset = await fx.engine.materialize(valuesSql(rows));
});
afterAll(() => fx.close());

describe(`training/serving parity (seed ${seed})`, () => {
  it("gives identical values offline over a Dataset and online one record at a time", async () => {
    const train = await fx.engine.materialize(`SELECT * FROM ${dataset.table} WHERE id % 3 <> 0 AND ${LOG_DOMAIN} ORDER BY id`);
    const fs = await fitFeatureSet(fx.engine, DEFINITION, train);
    const transformed = await transformDataset(fx.engine, fs, dataset);
    expect(transformed.rowCount).toBe(ROWS);
    const offline = await readAll(fx.engine, transformed);
    expect(Object.keys(offline[0]!)).toEqual(fs.columns());

    const online = rows.map((row) => transformRecord(fs, request(row)));
    expect(differences(offline, online)).toEqual([]);

    // What DuckDB reads back (ISO timestamps in UTC, decimals as numbers) transforms the same way,
    // except before 1970: the engine's reader rounds sub-millisecond timestamps toward the epoch
    // (1950-01-01 10:00:21.9995 reads as …:22.000), so those rows are left out here.
    const readBack = (await readAll(fx.engine, dataset)).map((row) => transformRecord(fs, row));
    const after1970 = (r: Record<string, unknown>) => [r.ts, r.tz].every((t) => t === null || String(t) >= "1970");
    const keep = (await readAll(fx.engine, dataset)).map(after1970);
    expect(keep.filter(Boolean).length).toBeGreaterThan(ROWS / 3);
    expect(differences(offline.filter((_, i) => keep[i]), readBack.filter((_, i) => keep[i]))).toEqual([]);

    // The data exercises what could go wrong: ln of many magnitudes, values past the training range, every bucket.
    const column = (name: string) => offline.map((r) => r[name]);
    expect(new Set(column("x_b")).size).toBe(10);
    expect(column("y_ln").filter((v) => v === null).length).toBeGreaterThan(ROWS * 0.05);
    expect(column("x_clip").every((v) => v === null || (typeof v === "number" && v >= 0 && v <= 1))).toBe(true);
  });

  it("matches for data the set was not fitted on, with values outside the training range", async () => {
    const train = await fx.engine.materialize(`SELECT * FROM ${dataset.table} WHERE abs(x) < 1 AND y < 1000 AND ${LOG_DOMAIN} ORDER BY id`);
    const fs = await fitFeatureSet(fx.engine, DEFINITION, train);
    const offline = await readAll(fx.engine, await transformDataset(fx.engine, fs, dataset));
    const online = rows.map((row) => transformRecord(fs, request(row)));
    expect(differences(offline, online)).toEqual([]);
    expect(offline.some((r) => typeof r.x_mm === "number" && r.x_mm > 1)).toBe(true);
    expect(offline.some((r) => r["s_oh=<unknown>"] === 1 && r.s !== null)).toBe(true);
  });
});
