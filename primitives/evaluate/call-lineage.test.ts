import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HandleTable } from "../../kernel/process/sandbox/handles";
import { createTestCallContext } from "../../kernel/process/testing";
import type { Dataset } from "../data/dataset";
import { openFixture, type DataFixture } from "../data/testing";
import { parseLineageEvent, type LineageEventInput } from "../lineage/event";
import { metricsOf } from "./call-lineage";
import { createEvaluateHostModule } from "./host-module";

let fx: DataFixture;
let ds: Dataset;

beforeAll(async () => {
  fx = await openFixture();
  ds = await fx.engine.materialize(
    `SELECT * FROM (VALUES (0, 0, 0, 0.2, 'a'), (1, 1, 1, 0.9, 'b'), (2, 1, 0, 0.4, 'a'), (3, 0, 1, 0.6, 'b')) t(id, label, pred, p, g) ORDER BY id`,
  );
});
afterAll(() => fx.close());

/** The evaluate module in a call context whose lineage events the test keeps. */
function setup() {
  const events: LineageEventInput[] = [];
  const module = createEvaluateHostModule({ engine: async () => fx.engine });
  const handles = new HandleTable();
  const { ctx } = createTestCallContext({ handles, cellId: "eval", onLineage: (e) => void events.push(e) });
  const handle = handles.add(Object.freeze({ dataset: ds, namespace: "tracebook://notebooks/nb", name: "holdout" }), "Dataset");
  const call = (name: string, ...args: unknown[]) => Promise.resolve(module.functions[name]!(args, ctx));
  return { events, handles, handle, call };
}

describe("evaluate.* on a Dataset in lineage", () => {
  it("records a classification as a run reading the version in the test context, with its options and metrics", async () => {
    const { events, handle, call } = setup();
    const options = { yTrue: "label", yPred: "pred", yScore: "p", by: ["g"] };
    const result = await call("classification", handle, options) as { evaluation: { metrics: Record<string, number> } };
    expect(events.map((e) => `${e.eventType} ${e.job.name.split("/").slice(-2).join("/")}`)).toEqual(["START eval/evaluate.classification", "COMPLETE eval/evaluate.classification"]);
    const [start, complete] = events;
    expect(complete!.inputs!.map((i) => [i.name, i.version, i.facets?.tracebook_context, i.facets?.rowCount])).toEqual([["holdout", ds.contentHash, { contexts: ["test"] }, 4]]);
    expect(start!.run.facets?.parameters).toEqual({ test: { id: ds.id, name: "holdout" }, options });
    expect(complete!.run.facets?.tracebook_metrics).toEqual({ metrics: result.evaluation.metrics });
    expect(result.evaluation.metrics.accuracy).toBe(0.5);
    expect(complete!.outputs).toEqual([]);
    // What the server's lineage service takes (the context is one of its known ones).
    expect(() => events.forEach((e) => parseLineageEvent(e))).not.toThrow();
  });

  it("keeps regression metrics, a breakdown's overall row and fairness disparities as the metrics facet", async () => {
    const { events, handle, call } = setup();
    const regression = await call("regression", handle, { yTrue: "label", yPred: "p" }) as { evaluation: { metrics: Record<string, number> } };
    expect(events.at(-1)!.run.facets?.tracebook_metrics).toEqual({ metrics: regression.evaluation.metrics });
    const segments = await call("segments", handle, { yTrue: "label", yPred: "pred", by: ["g"], metrics: ["accuracy"] }) as { overall: { metrics: Record<string, number> } };
    expect(events.at(-1)!.run.facets?.tracebook_metrics).toEqual({ metrics: { accuracy: 0.5 } });
    expect(segments.overall.metrics).toEqual({ accuracy: 0.5 });
    await call("fairness", handle, { yTrue: "label", yPred: "pred", sensitive: ["g"] });
    const fairness = events.at(-1)!.run.facets?.tracebook_metrics as Record<string, unknown>;
    expect(Object.keys(fairness).sort()).toEqual(["demographicParityDifference", "demographicParityRatio", "equalizedOddsDifference", "equalizedOddsRatio"]);
    expect(events.filter((e) => e.eventType === "COMPLETE").map((e) => e.job.name.split("/").at(-1))).toEqual(["evaluate.regression", "evaluate.segments", "evaluate.fairness"]);
  });

  it("records a perturbed copy as the run's output, named by its id, with the perturbation report", async () => {
    const { events, handle, call } = setup();
    const { dataset, report } = await call("injectMissing", handle, { columns: ["p"], rate: 0.5, seed: 1 }) as { dataset: Dataset; report: { changed: Record<string, number> } };
    const complete = events.at(-1)!;
    expect(complete.outputs!.map((o) => [o.namespace, o.name, o.version])).toEqual([[`tracebook://notebooks/00000000-0000-4000-8000-000000000000`, dataset.id, dataset.contentHash]]);
    expect(complete.run.facets?.tracebook_perturbation).toEqual(report);
    expect(complete.run.facets?.tracebook_metrics).toBeUndefined();
    expect(parseLineageEvent(complete).outputs).toHaveLength(1);
  });

  it("records a call that fails as FAIL with the error, and refuses a handle to something else before recording", async () => {
    const { events, handles, handle, call } = setup();
    await expect(call("classification", handle, { yTrue: "missing_column" })).rejects.toThrow(/missing_column/);
    expect(events.at(-1)).toMatchObject({ eventType: "FAIL", inputs: [{ name: "holdout", version: ds.contentHash }] });
    expect((events.at(-1)!.run.facets?.errorMessage as { message: string }).message).toMatch(/missing_column/);
    await expect(call("regression", handle)).rejects.toThrow(/needs an options object/);
    expect(events.at(-1)).toMatchObject({ eventType: "FAIL", job: { name: expect.stringMatching(/\/evaluate\.regression$/) } });
    const before = events.length;
    await expect(call("classification", handles.add({}, "Model"), { yTrue: "label" })).rejects.toThrow(/expected a handle to a Dataset/);
    expect(events).toHaveLength(before);
  });

  it("finds no metrics in results that have none", () => {
    expect(metricsOf({ slices: [] })).toBeNull();
    expect(metricsOf(null)).toBeNull();
  });
});
