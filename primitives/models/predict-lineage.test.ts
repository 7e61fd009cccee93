import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HandleTable } from "../../kernel/process/sandbox/handles";
import { createTestCallContext } from "../../kernel/process/testing";
import type { Dataset } from "../data/dataset";
import { openFixture, type DataFixture } from "../data/testing";
import { parseLineageEvent, type LineageEventInput } from "../lineage/event";
import { createModelsHostModule } from "./host-module";
import { handLinear, handLogistic } from "./testing";

let fx: DataFixture;
let ds: Dataset;

beforeAll(async () => {
  fx = await openFixture();
  ds = await fx.engine.materialize("SELECT 1.0 AS a, 2.0 AS b UNION ALL SELECT 0.0, 0.0");
});
afterAll(() => fx.close());

/** The models module in a call context whose lineage events the test keeps. */
function setup() {
  const events: LineageEventInput[] = [];
  const module = createModelsHostModule({ engine: async () => fx.engine });
  const handles = new HandleTable();
  const { ctx } = createTestCallContext({ handles, cellId: "score", onLineage: (e) => void events.push(e) });
  const named = (dataset: Dataset, name: string) => handles.add(Object.freeze({ dataset, namespace: "tracebook://notebooks/nb", name }), "Dataset");
  const call = (name: string, ...args: unknown[]) => Promise.resolve(module.functions[name]!(args, ctx));
  return { events, handles, named, call };
}

describe("models.predict in lineage", () => {
  it("records a prediction over a Dataset as a run reading that version in the test context, naming the model", async () => {
    const { events, handles, named, call } = setup();
    const model = handLinear();
    expect(await call("predict", handles.add(model, "Model"), named(ds, "holdout"))).toEqual({ task: "regression", rows: 2, values: [9, 1] });
    expect(events.map((e) => `${e.eventType} ${e.job.name.split("/").slice(-1)[0]}`)).toEqual(["START models.predict", "COMPLETE models.predict"]);
    const [start, complete] = events;
    expect(complete!.job.name).toMatch(/\/score\/models\.predict$/);
    expect(complete!.inputs!.map((i) => [i.namespace, i.name, i.version, i.facets?.tracebook_context])).toEqual([
      ["tracebook://notebooks/nb", "holdout", ds.contentHash, { contexts: ["test"] }],
    ]);
    expect(complete!.outputs).toEqual([]);
    expect(parseLineageEvent(complete).inputs[0]!.facets.tracebook_context).toEqual({ contexts: ["test"] });
    expect(start!.run.facets?.parameters).toEqual({ test: { id: ds.id, name: "holdout" }, model: { id: model.id, kind: "linearRegression", task: "regression" } });
  });

  it("names a bare Dataset by its id, records rows passed as arrays without inputs, and a refused call as FAIL", async () => {
    const { events, handles, call } = setup();
    const logistic = handles.add(handLogistic(), "Model");
    await call("predict", logistic, handles.add(ds, "Dataset"));
    expect(events.at(-1)!.inputs!.map((i) => [i.name, i.version])).toEqual([[ds.id, ds.contentHash]]);
    await call("predict", logistic, [[3, 1]]);
    expect(events.at(-1)).toMatchObject({ eventType: "COMPLETE", inputs: [] });
    const big = await fx.engine.materialize("SELECT range::DOUBLE AS a, range::DOUBLE AS b FROM range(10001)");
    await expect(call("predict", logistic, handles.add(big, "Dataset"))).rejects.toThrow(/^too_large/);
    const failed = events.at(-1)!;
    expect(failed).toMatchObject({ eventType: "FAIL", inputs: [{ name: big.id, version: big.contentHash }] });
    expect(failed.run.facets?.errorMessage).toMatchObject({ message: expect.stringMatching(/predictions for 10001 rows/) });
  });
});
