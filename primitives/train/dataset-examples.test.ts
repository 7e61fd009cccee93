import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Dataset } from "../data/dataset";
import { loadFile } from "../data/load";
import { openFixture, type DataFixture } from "../data/testing";
import { readExamples, readFeatures } from "./dataset-examples";
import { trainModel } from "./fit";

let fx: DataFixture;
let ds: Dataset;
let dirty: Dataset;

beforeAll(async () => {
  fx = await openFixture();
  ds = (await loadFile(fx.engine, await fx.write("t.csv", "a,b,flag,city,label,price\n1,2.5,true,Oslo,x,10\n3,4.5,false,Rome,y,20\n5,6.5,true,Oslo,x,30\n"))).dataset;
  dirty = (await loadFile(fx.engine, await fx.write("d.csv", "a,b,label\n1,,x\n2,NaN,y\n,3,\n4,5,y\n"))).dataset;
});
afterAll(async () => { await fx.close(); });

describe("examples from a Dataset", () => {
  it("reads the named features in table order, booleans as 0/1, the target as is", async () => {
    const { x, y } = await readExamples(fx.engine, ds, { features: ["a", "b", "flag"], target: "label", targetKind: "label" });
    expect(x.columns).toEqual(["a", "b", "flag"]);
    expect(Array.from(x.values)).toEqual([1, 2.5, 1, 3, 4.5, 0, 5, 6.5, 1]);
    expect(y).toEqual(["x", "y", "x"]);
    const numeric = await readExamples(fx.engine, ds, { features: ["a"], target: "price", targetKind: "number" });
    expect(numeric.y).toEqual([10, 20, 30]);
    const decimal = await fx.engine.materialize("SELECT 1 AS a, 1.5::DECIMAL(10, 2) AS t UNION ALL SELECT 2, 2.25::DECIMAL(10, 2)");
    expect((await readExamples(fx.engine, decimal, { features: ["a"], target: "t", targetKind: "number" })).y).toEqual([1.5, 2.25]);
  });

  it("by default uses every column but the target, and names text columns that need a transform", async () => {
    await expect(readExamples(fx.engine, ds, { target: "price", targetKind: "number" })).rejects.toMatchObject({
      code: "non_numeric_feature",
      message: expect.stringMatching(/not numeric: city \(VARCHAR\), label \(VARCHAR\); encode these columns with a FeatureSet transform/),
    });
  });

  it("names every column with NULL or NaN and how many rows", async () => {
    await expect(readExamples(fx.engine, dirty, { features: ["a", "b"], target: "label", targetKind: "label" })).rejects.toMatchObject({
      code: "missing_values",
      message: expect.stringContaining("a in 1 row(s), b in 2 row(s), label in 1 row(s)"),
    });
    await expect(readFeatures(fx.engine, dirty, ["b"])).rejects.toMatchObject({ code: "missing_values" });
  });

  it("refuses unknown columns, a non-numeric regression target and the target as a feature", async () => {
    await expect(readExamples(fx.engine, ds, { features: ["nope"], target: "label", targetKind: "label" })).rejects.toMatchObject({ code: "schema_mismatch" });
    await expect(readExamples(fx.engine, ds, { features: ["a"], target: "city", targetKind: "number" })).rejects.toMatchObject({ code: "non_numeric_feature" });
    await expect(readExamples(fx.engine, ds, { features: ["a", "label"], target: "label", targetKind: "label" })).rejects.toMatchObject({ code: "invalid_argument" });
  });

  it("trains from a dataset; the fitted FeatureSet travels with the model", async () => {
    const { model } = await trainModel({
      kind: "softmaxClassifier", data: { dataset: ds, engine: fx.engine, featureSet: { json: { steps: ["scale a"] } } },
      options: { target: "label", features: ["a", "b"], epochs: 2, seed: 1 },
    });
    expect(model.features).toEqual(["a", "b"]);
    expect(model.target).toBe("label");
    expect(model.featureSet?.json).toEqual({ steps: ["scale a"] });
    await expect(trainModel({ kind: "linearRegression", data: { dataset: ds, engine: fx.engine }, options: { epochs: 1 } }))
      .rejects.toMatchObject({ message: expect.stringContaining("options.target is required") });
  });
});
