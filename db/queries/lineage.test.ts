import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testStores, useTestStore } from "../../test/stores";
import { parseLineageEvent } from "../../primitives/lineage/event";
import { buildPipeline } from "../../primitives/lineage/pipeline-fixture";
import type { Database, Store } from "../client";
import { lineageRunEvents } from "../schema/lineage";
import { versionNodeId } from "../../protocol/datasets";
import { writeLineageBatch } from "./lineage";
import { findLineageEdges, findLineageNodes, findNotebookJobNodes } from "./lineage-graph";
import { findLineageRun } from "./lineage-runs";

const stores = testStores();

describe.each(stores)("lineage queries on $name", ({ open }) => {
  let store: Store;
  useTestStore(open, (opened) => (store = opened));

  it("stores a pipeline: runs with status and merged facets, events in order, immutable versions, inputs and outputs", async () => {
    const p = buildPipeline();
    await writeLineageBatch(store.db, p.events.map(parseLineageEvent));

    const clean = await findLineageRun(store.db, p.runs.clean);
    expect(clean!.run.status).toBe("completed");
    expect(clean!.run.parentRunId).toBe(p.runs.notebook);
    expect(clean!.run.startedAt).toBeInstanceOf(Date);
    expect(clean!.run.endedAt!.getTime()).toBeGreaterThan(clean!.run.startedAt!.getTime());
    expect(clean!.run.facets).toMatchObject({ sourceCode: { sourceCode: "const clean = raw.dropNulls()" }, parameters: { cell: "clean" } });
    expect(clean!.job).toMatchObject({ kind: "cell", notebookId: p.notebookA, cellId: "clean" });
    expect(clean!.parentJob?.name).toBe(p.notebookA);
    expect(clean!.events.map((e) => e.eventType)).toEqual(["START", "COMPLETE"]);
    const uses = clean!.datasets.map((d) => `${d.direction}:${d.name}@${d.version === p.versions.raw ? "raw" : d.version === p.versions.clean ? "clean" : "?"}`).sort();
    expect(uses).toEqual(["input:raw@raw", "output:clean@clean"]);
    const cleanOut = clean!.datasets.find((d) => d.direction === "output")!;
    expect(cleanOut.rowCount).toBe(97);
    expect(cleanOut.schema).toEqual({ fields: [{ name: "id", type: "int64", nullable: false }, { name: "amount", type: "float64" }] });
    const rawIn = clean!.datasets.find((d) => d.direction === "input")!;
    // The version written by `load` keeps its facets; the read's facets belong to the read.
    expect(rawIn.rowCount).toBe(100);
    expect(rawIn.useFacets).toMatchObject({ dataQuality: { assertions: [{ assertion: "not_null", success: false }] } });

    const train = await findLineageRun(store.db, p.runs.train);
    expect(train!.run.status).toBe("failed");
    expect(train!.run.facets).toMatchObject({ errorMessage: { message: "diverged" } });
    expect(train!.datasets.find((d) => d.direction === "output")?.kind).toBe("model");
    expect(await findLineageRun(store.db, randomUUID())).toBeNull();
  });

  it("never reopens a finished run for a late START, and never rewrites a recorded version", async () => {
    const p = buildPipeline();
    const complete = p.events.filter((e) => e.eventType === "COMPLETE").map(parseLineageEvent);
    await writeLineageBatch(store.db, complete);
    await writeLineageBatch(store.db, p.events.filter((e) => e.eventType === "START").map(parseLineageEvent));
    const load = await findLineageRun(store.db, p.runs.load);
    expect(load!.run.status).toBe("completed");
    expect(load!.run.startedAt).toBeInstanceOf(Date);
    expect(load!.events.map((e) => e.eventType)).toEqual(["COMPLETE", "START"]);
    // Another run claims the same content with a different row count: the first record stands.
    const loadEvent = complete.find((e) => e.run.runId === p.runs.load)!;
    const imposter = parseLineageEvent({ ...loadEvent, run: { runId: randomUUID() }, outputs: [{ ...loadEvent.outputs[0]!, facets: { rowCount: 1 } }] });
    await writeLineageBatch(store.db, [imposter]);
    const again = await findLineageRun(store.db, p.runs.clean);
    expect(again!.datasets.find((d) => d.direction === "input")!.rowCount).toBe(100);
  });

  it("rolls a failed batch back whole, so a retry writes each event once", async () => {
    const p = buildPipeline();
    const events = p.events.map(parseLineageEvent);
    await expect(
      store.db.transaction(async (tx) => {
        await writeLineageBatch(tx as unknown as Database, events);
        throw new Error("connection lost mid-batch");
      }),
    ).rejects.toThrow(/connection lost/);
    expect(await findLineageRun(store.db, p.runs.load)).toBeNull();
    await writeLineageBatch(store.db, events);
    const load = await findLineageRun(store.db, p.runs.load);
    expect(load!.events).toHaveLength(2);
    const all = await store.db.select().from(lineageRunEvents);
    expect(all.filter((e) => Object.values(p.runs).includes(e.runId))).toHaveLength(p.events.length);
  });

  it("stores strings holding U+0000, which Postgres text and jsonb refuse, with U+FFFD instead", async () => {
    const p = buildPipeline();
    const event = parseLineageEvent({
      ...p.events[1]!,
      run: { runId: p.runs.load, facets: { sourceCode: { language: "TypeScript", sourceCode: "a\u0000b" }, parameters: { "k\u0000": "v\u0000" } } },
      job: { namespace: "tracebook", name: "nul\u0000job", kind: "cell" },
    });
    await writeLineageBatch(store.db, [event]);
    const load = await findLineageRun(store.db, p.runs.load);
    expect(load!.run.facets).toMatchObject({ sourceCode: { sourceCode: "a\uFFFDb" }, parameters: { "k\uFFFD": "v\uFFFD" } });
    expect(load!.job.name).toBe("nul\uFFFDjob");
  });

  it("indexes the graph: nodes with their notebook, flow and membership edges", async () => {
    const p = buildPipeline();
    await writeLineageBatch(store.db, p.events.map(parseLineageEvent));
    const jobs = await findNotebookJobNodes(store.db, p.notebookA);
    expect(jobs.map((j) => j.label.split("/").pop()).sort()).toEqual(["clean", "load", p.notebookA, "split"].sort());
    const [input] = await findLineageEdges(store.db, "dst", [{ kind: "run", id: p.runs.clean }], ["input"]);
    const rawNode = input!.srcId;
    expect(rawNode).toBe(versionNodeId(rawNode.split("@")[0]!, p.versions.raw));
    const [node] = await findLineageNodes(store.db, [{ kind: "dataset_version", id: rawNode }]);
    expect(node).toMatchObject({ notebookId: p.notebookA, label: `raw@${p.versions.raw.slice(0, 12)}` });
    const out = await findLineageEdges(store.db, "src", [{ kind: "run", id: p.runs.split }], ["output", "run_of", "child_of"]);
    expect(out.map((e) => `${e.relation}:${e.dstKind}`).sort()).toEqual(["child_of:run", "output:dataset_version", "output:dataset_version", "run_of:job"]);
    expect(await findLineageEdges(store.db, "src", [], ["output"])).toEqual([]);
  });
});
