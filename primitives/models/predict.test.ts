import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Dataset } from "../data/dataset";
import { loadFile } from "../data/load";
import { openFixture, type DataFixture } from "../data/testing";
import { createNetworkModel } from "./model";
import { predict } from "./predict";
import { handLinear, handLogistic } from "./testing";

let fx: DataFixture;
let raw: Dataset;
let ready: Dataset;

beforeAll(async () => {
  fx = await openFixture();
  raw = (await loadFile(fx.engine, await fx.write("raw.csv", "u,v\n1,2\n3,4\n"))).dataset;
  ready = (await loadFile(fx.engine, await fx.write("ready.csv", "b,a,extra\n1,2,x\n0,-1,y\n"))).dataset;
});
afterAll(async () => { await fx.close(); });

describe("predictions", () => {
  it("from a dataset: features are read by name, whatever the column order", async () => {
    // y = 2a + 3b + 1: rows (a=2, b=1) -> 8, (a=-1, b=0) -> -1
    const p = await predict(handLinear(), { dataset: ready, engine: fx.engine });
    expect(Array.from(p.values!)).toEqual([8, -1]);
    expect(p).toMatchObject({ task: "regression", rows: 2, labels: null, probabilities: null });
  });

  it("classes come back as labels with their probabilities", async () => {
    const p = await predict(handLogistic(), { x: [[3, 1], [0, 2]] });
    expect(p.labels).toEqual(["yes", "no"]);
    expect(p.probabilities![1]).toBeCloseTo(1 / (1 + Math.exp(-2)), 6);
    expect(p.probabilities![0]! + p.probabilities![1]!).toBeCloseTo(1, 6);
  });

  it("a dataset without the model's features goes through the model's FeatureSet transform", async () => {
    const base = handLinear();
    const transformed: string[] = [];
    const model = createNetworkModel({
      kind: "linearRegression", task: "regression", features: base.features, target: "y", classes: null, training: null, network: base.network,
      featureSet: { json: { rename: { u: "a", v: "b" } }, transform: async (d) => { transformed.push(d.id); return fx.engine.materialize(`SELECT u AS a, v AS b FROM ${d.table} ORDER BY rowid`); } },
    });
    const p = await predict(model, { dataset: raw, engine: fx.engine });
    expect(transformed).toEqual([raw.id]);
    // (1, 2) -> 9, (3, 4) -> 19
    expect(Array.from(p.values!)).toEqual([9, 19]);
  });

  it("missing features without a transform are named; a model trained on FeatureSet output says so", async () => {
    await expect(predict(handLogistic(), { dataset: raw, engine: fx.engine })).rejects.toMatchObject({
      code: "schema_mismatch", message: "the dataset lacks the model's feature column(s) a, b",
    });
    await expect(predict(handLinear({ any: 1 }), { dataset: raw, engine: fx.engine })).rejects.toMatchObject({
      message: expect.stringContaining("trained on FeatureSet output"),
    });
    await expect(predict(handLinear(), { x: [[1, 2, 3]] })).rejects.toMatchObject({ code: "schema_mismatch" });
  });
});
