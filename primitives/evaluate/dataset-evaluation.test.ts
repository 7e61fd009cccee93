import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataError } from "../data/errors";
import { openFixture, type DataFixture } from "../data/testing";
import type { Dataset } from "../data/dataset";
import { readColumns } from "./dataset-columns";
import { evaluateClassification, evaluateFairness, evaluateRegression, evaluateSegments } from "./dataset-evaluation";
import { EvaluateError } from "./errors";
import { summarizeFairness } from "./fairness-summary";
import { f1 } from "./prf";
import { rocAuc } from "./ranking";
import { r2 } from "./regression";

let fx: DataFixture;
let ds: Dataset;
const label = [0, 1, 1, 0, 1, 0, 1, 1, 0, 0];
const pred = [0, 1, 0, 0, 1, 1, 1, 1, 0, 1];
const p = [0.1, 0.9, 0.35, 0.4, 0.8, 0.65, 0.7, 0.6, 0.3, 0.55];
const region = ["EU", "EU", "US", "US", "EU", "US", "EU", "US", "EU", "US"];
const age = [17, 25, 40, 70, 33, 52, 61, 19, 45, 80];
const price = [10.5, 20, 15.25, 30, 12, 18, 22, 25, 11, 16];
const predicted = [11, 19, 15, 28, 12.5, 17, 23, 24, 10, 18];

beforeAll(async () => {
  fx = await openFixture();
  const rows = label.map((_, i) => `(${i}, ${label[i]}, ${pred[i]}, ${p[i]}::DOUBLE, '${region[i]}', ${age[i]}, ${price[i]}::DECIMAL(6,2), ${predicted[i]}::DOUBLE, ${i === 3 ? "NULL" : `'x${i % 2}'`}, DATE '2024-01-0${(i % 9) + 1}')`);
  ds = await fx.engine.materialize(`SELECT * FROM (VALUES ${rows.join(", ")}) t(id, label, pred, p, region, age, price, predicted, tag, day) ORDER BY id`);
});
afterAll(async () => fx.close());

describe("dataset adapters", () => {
  it("reads columns in row order with their roles", async () => {
    const [y, score, day] = await readColumns(fx.engine, ds, [{ column: "label", role: "label" }, { column: "p", role: "number" }, { column: "day", role: "group" }]);
    expect(y).toEqual(label);
    expect(score).toEqual(p);
    expect(day![0]).toBe("2024-01-01");
  });

  it("evaluates classification columns exactly as the array functions do, with breakdowns and fairness", async () => {
    const r = await evaluateClassification(fx.engine, ds, { yTrue: "label", yPred: "pred", yScore: "p", by: ["region"], sensitive: ["region"] });
    expect(r.evaluation.metrics.f1).toBe(f1(label, pred).value);
    expect(r.evaluation.metrics.roc_auc).toBe(rocAuc(label, p).value);
    expect(r.segments!.segments.map((s) => [s.segment.region, s.count])).toEqual([["EU", 5], ["US", 5]]);
    expect(r.fairness).toEqual(summarizeFairness(label, pred, { sensitiveFeatures: { region } }));
    expect(r.report.source).toEqual({ datasetId: ds.id, yTrue: "label", yPred: "pred", yScore: "p" });
  });

  it("evaluates regression columns (decimals read as doubles) with binned segments", async () => {
    const r = await evaluateRegression(fx.engine, ds, { yTrue: "price", yPred: "predicted", by: ["age"], bins: { age: [0, 18, 65, 120] } });
    expect(r.evaluation.metrics.r2).toBe(r2(price, predicted).value);
    expect(r.segments!.segments.map((s) => s.count)).toEqual([1, 7, 2]);
  });

  it("segments by a column with missing values keep them as their own segment", async () => {
    const b = await evaluateSegments(fx.engine, ds, { yTrue: "label", yPred: "pred", by: ["tag"], metrics: ["accuracy"] });
    expect(b.segments.map((s) => [s.segment.tag, s.count])).toEqual([["x0", 5], ["x1", 4], [null, 1]]);
  });

  it("fairness refuses a sensitive column with missing values", async () => {
    await expect(evaluateFairness(fx.engine, ds, { yTrue: "label", yPred: "pred", sensitive: ["tag"] })).rejects.toThrow(/missing value/);
  });

  it("refuses unknown, non-numeric and missing-value columns with the column named", async () => {
    await expect(evaluateClassification(fx.engine, ds, { yTrue: "lable", yPred: "pred" })).rejects.toBeInstanceOf(DataError);
    await expect(evaluateClassification(fx.engine, ds, { yTrue: "label", yScore: "region" })).rejects.toThrow(/column region is VARCHAR, not numeric/);
    await expect(evaluateClassification(fx.engine, ds, { yTrue: "day", yPred: "pred" })).rejects.toThrow(/column day is DATE; class labels/);
    const withNull = await fx.engine.materialize(`SELECT label, CASE WHEN id = 4 THEN NULL ELSE p END AS p FROM ${ds.table} ORDER BY id`);
    const error = await evaluateClassification(fx.engine, withNull, { yTrue: "label", yScore: "p" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EvaluateError);
    expect((error as EvaluateError).message).toMatch(/column p has 1 missing value\(s\) \(NULL or NaN\), first at row 4/);
  });
});
