import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HandleTable } from "../../kernel/process/sandbox/handles";
import { createTestCallContext } from "../../kernel/process/testing";
import type { Dataset } from "../data/dataset";
import { loadFile } from "../data/load";
import { openFixture, type DataFixture } from "../data/testing";
import { fitFeatureSet } from "../features/fit";
import type { LineageEventInput } from "../lineage/event";
import { createTrainHostModule } from "./host-module";
import { createMemoryTracker, type TrackedCall } from "./tracker";

let fx: DataFixture;
let ds: Dataset;

const rows = Array.from({ length: 40 }, (_, i) => `${(i % 8) / 8},${Math.floor(i / 8) / 5},${(i % 8) / 8 + Math.floor(i / 8) / 5 > 0.8 ? 1 : 0}`);

beforeAll(async () => {
  fx = await openFixture();
  ds = (await loadFile(fx.engine, await fx.write("d.csv", `a,b,label\n${rows.join("\n")}\n`))).dataset;
});
afterAll(() => fx.close());

/** The train module in a call context whose lineage events and tracker bindings the test keeps. */
function setup() {
  const events: LineageEventInput[] = [];
  const calls: TrackedCall[] = [];
  const module = createTrainHostModule({ engine: async () => fx.engine, tracker: (_ctx, call) => (calls.push(call), createMemoryTracker()) });
  const handles = new HandleTable();
  const { ctx } = createTestCallContext({ handles, cellId: "fit", onLineage: (e) => void events.push(e) });
  const named = (name: string) => handles.add(Object.freeze({ dataset: ds, namespace: "tracebook://notebooks/nb", name }), "Dataset");
  const call = (name: string, ...args: unknown[]) => Promise.resolve(module.functions[name]!(args, ctx));
  return { events, calls, handles, named, call };
}

describe("train.* calls in lineage", () => {
  it("records the call as a lineage run whose inputs say their context, and binds the tracker to that run", async () => {
    const { events, calls, named, call } = setup();
    const result = await call("logisticRegression", named("train"), { target: "label", epochs: 2, validation: named("valid"), test: named("test"), seed: 1 }) as { testMetrics: Record<string, number> };
    expect(Object.keys(result.testMetrics).sort()).toEqual(["test_accuracy", "test_loss"]);
    expect(events.map((e) => `${e.eventType} ${e.job.name.split("/").slice(-1)[0]}`)).toEqual(["START train.logisticRegression", "COMPLETE train.logisticRegression"]);
    const complete = events[1]!;
    expect(complete.inputs!.map((i) => [i.name, i.version, i.facets?.tracebook_context])).toEqual([
      ["train", ds.contentHash, { contexts: ["training"] }],
      ["valid", ds.contentHash, { contexts: ["validation"] }],
      ["test", ds.contentHash, { contexts: ["test"] }],
    ]);
    expect(complete.run.facets?.parameters ?? events[0]!.run.facets?.parameters).toMatchObject({ training: { name: "train" }, validation: { name: "valid" }, test: { name: "test" }, options: { target: "label" } });
    expect(calls).toEqual([{
      lineageRunId: complete.run.runId,
      inputs: [
        { dataset: { namespace: "tracebook://notebooks/nb", name: "train", digest: ds.contentHash }, context: "training" },
        { dataset: { namespace: "tracebook://notebooks/nb", name: "valid", digest: ds.contentHash }, context: "validation" },
        { dataset: { namespace: "tracebook://notebooks/nb", name: "test", digest: ds.contentHash }, context: "test" },
      ],
    }]);
  });

  it("names one version read in two contexts once, with both, and the fitted FeatureSet as an input", async () => {
    const { events, calls, handles, named, call } = setup();
    const featureSet = await fitFeatureSet(fx.engine, { name: "fs", passthrough: ["label"], transforms: [{ type: "standardize", name: "a_z", input: "a" }] }, ds);
    const same = named("all");
    await call("logisticRegression", { dataset: same, featureSet: handles.add(featureSet, "FeatureSet") }, { target: "label", features: ["a", "b"], epochs: 1, validation: same, seed: 1 });
    const inputs = events.at(-1)!.inputs!;
    expect(inputs.map((i) => [i.kind ?? "dataset", i.name, i.facets?.tracebook_context ?? null])).toEqual([
      ["dataset", "all", { contexts: ["training", "validation"] }],
      ["feature_set", "fs", null],
    ]);
    expect(calls[0]!.inputs.map((i) => i.context)).toEqual(["training", "validation"]);
  });

  it("records arrays (test arrays scored too) as a call without inputs, and a failed call as FAIL", async () => {
    const { events, calls, call } = setup();
    const fit = await call("linearRegression", { x: [[1], [2], [3]], y: [2, 4, 6] }, { epochs: 1, test: { x: [[4], [5]], y: [8, 10] } }) as { testMetrics: Record<string, number> };
    expect(Object.keys(fit.testMetrics).sort()).toEqual(["test_loss", "test_mae", "test_mse", "test_r2"]);
    expect(events.at(-1)).toMatchObject({ eventType: "COMPLETE", inputs: [] });
    expect(calls.at(-1)!.inputs).toEqual([]);
    await expect(call("logisticRegression", { x: [[1], [2]], y: [1] }, {})).rejects.toThrow(/length_mismatch/);
    expect(events.at(-1)).toMatchObject({ eventType: "FAIL", job: { name: expect.stringMatching(/\/fit\/train\.logisticRegression$/) } });
  });
});
