import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../../db/client";
import { writeLineageBatch } from "../../db/queries/lineage";
import { findLineageRun } from "../../db/queries/lineage-runs";
import { buildDatasetHistory } from "./dataset-fixture";
import { parseLineageEvent } from "./event";
import { exportRunEvents, PRODUCER, RUN_EVENT_SCHEMA_URL } from "./openlineage";
import { openLineageRunEventSchema } from "./openlineage-spec";
import { buildPipeline, type PipelineFixture } from "./pipeline-fixture";

describe("OpenLineage export", () => {
  let store: Store;
  let p: PipelineFixture;
  beforeAll(async () => {
    store = await openStore({ pgliteDir: "memory://" });
    p = buildPipeline();
    await writeLineageBatch(store.db, p.events.map(parseLineageEvent));
  });
  afterAll(() => store?.close());

  async function exported(runId: string) {
    return exportRunEvents((await findLineageRun(store.db, runId))!);
  }

  it("emits one RunEvent per stored event, each valid against the OpenLineage RunEvent schema", async () => {
    for (const runId of Object.values(p.runs)) {
      const events = await exported(runId);
      expect(events.length).toBeGreaterThanOrEqual(2);
      for (const event of events) {
        const result = openLineageRunEventSchema.safeParse(JSON.parse(JSON.stringify(event)));
        expect(result.success, JSON.stringify(result.error?.issues)).toBe(true);
      }
    }
  });

  it("carries job, run, parent, inputs and outputs with standard facets", async () => {
    const [start, complete] = await exported(p.runs.clean);
    expect(start).toMatchObject({ eventType: "START", producer: PRODUCER, schemaURL: RUN_EVENT_SCHEMA_URL, run: { runId: p.runs.clean } });
    expect(start!.outputs).toEqual([]);
    expect(start!.inputs.map((d) => d.name)).toEqual(["raw"]);
    expect(complete!.eventType).toBe("COMPLETE");
    expect(Date.parse(complete!.eventTime)).toBeGreaterThan(Date.parse(start!.eventTime));
    expect(complete!.job).toMatchObject({
      namespace: "tracebook",
      name: `${p.notebookA}/clean`,
      facets: { sourceCode: { language: "TypeScript", sourceCode: "const clean = raw.dropNulls()" }, jobType: { jobType: "CELL" } },
    });
    expect(complete!.run.facets.parent).toMatchObject({ run: { runId: p.runs.notebook }, job: { namespace: "tracebook", name: p.notebookA } });
    expect(complete!.run.facets.tracebook_parameters).toMatchObject({ cell: "clean" });
    const [input] = complete!.inputs;
    expect(input!.facets.version).toMatchObject({ datasetVersion: p.versions.raw });
    expect(input!.facets.schema).toMatchObject({ fields: [{ name: "id", type: "int64" }, { name: "amount", type: "float64" }] });
    expect(input!.inputFacets.dataQualityMetrics).toMatchObject({ rowCount: 100 });
    expect(input!.inputFacets.dataQualityAssertions).toMatchObject({ assertions: [{ assertion: "not_null", column: "amount", success: false }] });
    const [output] = complete!.outputs;
    expect(output).toMatchObject({ name: "clean", outputFacets: { outputStatistics: { rowCount: 97 } } });
  });

  it("reports a failed run's error as the errorMessage facet", async () => {
    const events = await exported(p.runs.train);
    const fail = events.find((e) => e.eventType === "FAIL")!;
    expect(fail.run.facets.errorMessage).toMatchObject({ message: "diverged", programmingLanguage: "TypeScript", stackTrace: "at cell-train.js:1:1" });
    expect(fail.outputs.map((d) => d.name)).toEqual(["model"]);
  });

  it("exports the profile and sample facets under their own names, once prefixed", async () => {
    const h = buildDatasetHistory();
    await writeLineageBatch(store.db, h.events.map(parseLineageEvent));
    const complete = (await exported(h.runs.loadV2)).find((e) => e.eventType === "COMPLETE")!;
    const facets = complete.outputs[0]!.facets;
    expect(Object.keys(facets).sort()).toEqual(["schema", "tracebook_profile", "tracebook_sample", "version"]);
    expect(facets.tracebook_sample).toMatchObject({ _producer: PRODUCER, _schemaURL: "urn:tracebook:lineage:facets", columns: ["id", "name", "email"], truncated: false });
    expect(openLineageRunEventSchema.safeParse(JSON.parse(JSON.stringify(complete))).success).toBe(true);
  });

  it("the test-side schema rejects what the spec rejects", () => {
    const good = { eventTime: "2026-11-25T12:00:00.000Z", producer: PRODUCER, schemaURL: RUN_EVENT_SCHEMA_URL, run: { runId: p.runs.load }, job: { namespace: "n", name: "j" } };
    expect(openLineageRunEventSchema.safeParse(good).success).toBe(true);
    for (const bad of [
      { ...good, eventTime: "yesterday" },
      { ...good, producer: "not a uri" },
      { ...good, run: { runId: "run-1" } },
      { ...good, job: { namespace: "n" } },
      { ...good, eventType: "DONE" },
      { ...good, run: { runId: p.runs.load, facets: { custom: { value: 1 } } } },
      { ...good, outputs: [{ namespace: "n", name: "d", outputFacets: { outputStatistics: { _producer: PRODUCER, _schemaURL: PRODUCER } } }] },
    ]) {
      expect(openLineageRunEventSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});
