import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Dataset } from "../data/dataset";
import { openFixture, readAll, type DataFixture } from "../data/testing";
import { bucketOf } from "./categorical";
import { FeatureError } from "./errors";
import { FeatureSet } from "./feature-set";
import { fitFeatureSet } from "./fit";
import { transformDataset, transformRecord } from "./transform";

let fx: DataFixture;
let people: Dataset;

beforeAll(async () => {
  fx = await openFixture();
  people = await fx.engine.materialize(`SELECT * FROM (VALUES
    (1, 20::BIGINT, 1000.0::DOUBLE, 'FR', 'pro',  TIMESTAMPTZ '2024-01-07 23:30:00+00'),
    (2, 30,         2500.0,         'DE', 'free', TIMESTAMPTZ '2024-12-31 10:00:00-05'),
    (3, NULL,       4000.0,         'FR', NULL,   TIMESTAMPTZ '2024-02-29 00:00:00+00'),
    (4, 50,         'NaN'::DOUBLE,  NULL, 'pro',  NULL)
  ) AS t(id, age, income, country, plan, seen_at)`);
});
afterAll(() => fx.close());

const column = (rows: Record<string, unknown>[], name: string) => rows.map((r) => r[name]);

describe("fitFeatureSet", () => {
  it("fits each transform's parameters, chained transforms on the outputs before them", async () => {
    const fs = await fitFeatureSet(fx.engine, {
      name: "people",
      passthrough: ["id"],
      transforms: [
        { type: "impute", name: "age_filled", input: "age", strategy: "median", emit: false },
        { type: "standardize", name: "age_z", input: "age_filled" },
        { type: "minMax", name: "income_mm", input: "income" },
        { type: "log", name: "income_log", input: "income", offset: 1 },
        { type: "bucketize", name: "age_bucket", input: "age", boundaries: [25, 40] },
        { type: "oneHot", name: "country", input: "country", maxCategories: 1 },
        { type: "dateParts", name: "seen", input: "seen_at", parts: ["dayOfWeek", "dayOfYear", "hour", "quarter"] },
      ],
    }, people);
    // median(20, 30, 50) = 30; imputed 20, 30, 30, 50: mean 32.5, squares 156.25 + 6.25 + 6.25 + 306.25 = 475, var 118.75.
    expect(fs.params).toEqual([
      { value: 30 },
      { mean: 32.5, scale: Math.sqrt(118.75) },
      { min: 1000, scale: 3000 },
      {},
      { boundaries: [25, 40] },
      { vocabulary: ["FR"] },
      {},
    ]);
    expect(fs.columns()).toEqual([
      "id", "age_z", "income_mm", "income_log", "age_bucket", "country=FR", "country=<unknown>",
      "seen_dayOfWeek", "seen_dayOfYear", "seen_hour", "seen_quarter",
    ]);
    expect(fs.inputs.map((i) => [i.name, i.kind])).toEqual([["age", "integer"], ["income", "float"], ["country", "string"], ["seen_at", "timestamp"]]);

    const out = await readAll(fx.engine, await transformDataset(fx.engine, fs, people));
    const std = Math.sqrt(118.75);
    expect(column(out, "id")).toEqual([1, 2, 3, 4]);
    expect(column(out, "age_z")).toEqual([(20 - 32.5) / std, (30 - 32.5) / std, (30 - 32.5) / std, (50 - 32.5) / std]);
    // NaN counts as missing.
    expect(column(out, "income_mm")).toEqual([0, 0.5, 1, null]);
    expect(column(out, "income_log")).toEqual([Math.log(1001), Math.log(2501), Math.log(4001), null]);
    expect(column(out, "age_bucket")).toEqual([0, 1, null, 2]);
    expect(column(out, "country=FR")).toEqual([1, 0, 1, 0]);
    expect(column(out, "country=<unknown>")).toEqual([0, 1, 0, 1]);
    // 2024-01-07 was a Sunday; 2024-12-31 10:00-05 is 15:00 UTC on day 366 of a leap year.
    expect(column(out, "seen_dayOfWeek")).toEqual([0, 2, 4, null]);
    expect(column(out, "seen_dayOfYear")).toEqual([7, 366, 60, null]);
    expect(column(out, "seen_hour")).toEqual([23, 15, 0, null]);
    expect(column(out, "seen_quarter")).toEqual([1, 4, 1, null]);
  });

  it("orders a vocabulary by count then value, and sends nulls and unseen values to the unknown bucket", async () => {
    const fs = await fitFeatureSet(fx.engine, { name: "plans", transforms: [{ type: "oneHot", name: "plan", input: "plan" }] }, people);
    expect(fs.params).toEqual([{ vocabulary: ["pro", "free"] }]);
    const rare = await fitFeatureSet(fx.engine, { name: "plans", transforms: [{ type: "oneHot", name: "plan", input: "plan", minCount: 2 }] }, people);
    expect(rare.params).toEqual([{ vocabulary: ["pro"] }]);
    expect(transformRecord(fs, { plan: "enterprise" })).toEqual({ "plan=pro": 0, "plan=free": 0, "plan=<unknown>": 1 });
    expect(transformRecord(fs, { plan: null })).toEqual({ "plan=pro": 0, "plan=free": 0, "plan=<unknown>": 1 });
    expect(transformRecord(fs, { plan: "free" })).toEqual({ "plan=pro": 0, "plan=free": 1, "plan=<unknown>": 0 });
  });

  it("hashes and crosses by md5 of the values' text, null when any input is null", async () => {
    const fs = await fitFeatureSet(fx.engine, {
      name: "hashes",
      transforms: [
        { type: "hash", name: "country_h", input: "country", buckets: 1000 },
        { type: "hash", name: "id_h", input: "id", buckets: 7 },
        { type: "cross", name: "country_x_plan", inputs: ["country", "plan"], buckets: 100 },
      ],
    }, people);
    const out = await readAll(fx.engine, await transformDataset(fx.engine, fs, people));
    // md5("abc") = 900150983cd24fb0…; 0x900150983cd24fb0 mod 1000 = 432.
    expect(bucketOf("abc", 1000)).toBe(432);
    expect(column(out, "country_h")).toEqual(["FR", "DE", "FR", null].map((c) => (c === null ? null : bucketOf(c, 1000))));
    expect(column(out, "id_h")).toEqual([1, 2, 3, 4].map((id) => bucketOf(String(id), 7)));
    expect(column(out, "country_x_plan")).toEqual([bucketOf("FR\u001fpro", 100), bucketOf("DE\u001ffree", 100), null, null]);
  });

  it("fits quantile bucket edges and imputes with the mean, the most frequent value or a constant", async () => {
    const fs = await fitFeatureSet(fx.engine, {
      name: "misc",
      transforms: [
        { type: "bucketize", name: "income_q", input: "income", quantiles: 2 },
        { type: "impute", name: "age_mean", input: "age", strategy: "mean" },
        { type: "impute", name: "country_top", input: "country", strategy: "mostFrequent" },
        { type: "impute", name: "plan_or", input: "plan", strategy: "constant", value: "none" },
        { type: "minMax", name: "age_clip", input: "age", clip: true },
      ],
    }, people);
    // The median of 1000, 2500, 4000 (NaN left out) is 2500; mean(20, 30, 50) = 100 / 3.
    expect(fs.params.slice(0, 4)).toEqual([{ boundaries: [2500] }, { value: 100 / 3 }, { value: "FR" }, { value: "none" }]);
    expect(transformRecord(fs, { income: 2499.9, age: null, country: null, plan: null })).toEqual({
      income_q: 0, age_mean: 100 / 3, country_top: "FR", plan_or: "none", age_clip: null,
    });
    expect(transformRecord(fs, { income: 2500, age: 80, country: "DE", plan: "pro" })).toMatchObject({ income_q: 1, age_mean: 80, age_clip: 1 });
    expect(transformRecord(fs, { income: 0, age: 10, country: "DE", plan: "pro" })).toMatchObject({ age_clip: 0 });
  });

  it("names the transform and column at fault", async () => {
    const fit = (transforms: unknown[]) => fitFeatureSet(fx.engine, { name: "bad", transforms }, people);
    await expect(fit([{ type: "standardize", name: "z", input: "country" }])).rejects.toThrow(
      'transforms[0] (standardize "z"): "country" is string (VARCHAR); standardize takes integer, float',
    );
    await expect(fit([{ type: "standardize", name: "z", input: "agee" }])).rejects.toThrow('transforms[0] (standardize "z"): no column or earlier transform is called "agee"');
    await expect(fit([{ type: "oneHot", name: "c", input: "country" }, { type: "hash", name: "h", input: "c", buckets: 4 }])).rejects.toThrow(
      '"c" has several outputs and cannot be an input',
    );
    await expect(fit([{ type: "log", name: "l", input: "income" }, { type: "standardize", name: "z", input: "age", extra: 1 }])).rejects.toMatchObject({
      code: "invalid_definition",
      message: expect.stringContaining('transforms[1] (standardize "z"): Unrecognized key: "extra"'),
    });
    await expect(fit([{ type: "log", name: "l", input: "age", offset: -25 }])).rejects.toThrow(/1 training value\(s\) have x \+ offset <= 0/);
    await expect(fit([{ type: "impute", name: "i", input: "age", strategy: "constant", value: 2.5 }])).rejects.toThrow(/the constant 2.5 does not fit the integer input/);
    await expect(fit([{ type: "bucketize", name: "b", input: "age", boundaries: [3, 3] }])).rejects.toThrow(/strictly increasing/);
    await expect(fit([{ type: "hash", name: "h", input: "income", buckets: 4 }])).rejects.toThrow(/hash takes string, integer, boolean/);
    const empty = await fx.engine.materialize("SELECT NULL::DOUBLE AS x FROM range(3)");
    await expect(fitFeatureSet(fx.engine, { name: "e", transforms: [{ type: "standardize", name: "z", input: "x" }] }, empty)).rejects.toMatchObject({
      code: "cannot_fit",
      message: 'transforms[0] (standardize "z"): the training data has no non-null values to fit',
    });
    await expect(fit([{ type: "oneHot", name: "country", input: "country" }, { type: "hash", name: "country=FR", input: "id", buckets: 3 }])).rejects.toThrow(
      "output columns must be unique; repeated: country=FR",
    );
  });

  it("gives the same version for the same fit and a new one for other data, and checks stored documents", async () => {
    const def = { name: "v", transforms: [{ type: "standardize", name: "z", input: "age" }] };
    const a = await fitFeatureSet(fx.engine, def, people);
    const b = await fitFeatureSet(fx.engine, def, people);
    expect(a.version).toMatch(/^[0-9a-f]{64}$/);
    expect(b.version).toBe(a.version);
    const other = await fx.engine.materialize(`SELECT * FROM ${people.table} WHERE id < 4`);
    expect((await fitFeatureSet(fx.engine, def, other)).version).not.toBe(a.version);
    const json = a.toJSON();
    expect(json).toMatchObject({ kind: "FeatureSet", version: a.version, fittedOn: { datasetId: people.id, rowCount: 4 } });
    const { kind: _kind, version: _version, ...document } = json;
    expect(FeatureSet.fromDocument(JSON.parse(JSON.stringify(document))).version).toBe(a.version);
    const tampered = { ...document, params: [{ mean: 1, scale: "2" }] };
    expect(() => FeatureSet.fromDocument(tampered)).toThrow(FeatureError);
    const renamed = { ...document, outputs: [{ name: "zz", type: "DOUBLE" }] };
    expect(() => FeatureSet.fromDocument(renamed)).toThrow(/outputs do not follow/);
  });
});
