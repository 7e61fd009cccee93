import { afterAll, describe, expect, it } from "vitest";
import { connectedPieces } from "../primitives/lineage/graph";
import { openLineageRunEventSchema } from "../primitives/lineage/openlineage-spec";
import type { DocClient } from "./collab-client";
import { runDataNotebook } from "./data-notebook";
import { executionOf, outputsOf } from "./kernel-world";
import { testServers } from "./world";

/**
 * Issue 5 end to end: a notebook uploads a file, and its cells load,
 * validate, clean and split it in the real kernel. The moment the last cell
 * reports done, its lineage is in the store (done waits for it): one
 * connected graph from the uploaded file to the two splits, whose runs
 * export as valid OpenLineage RunEvents.
 */
const CSV = "id,amount,city\n1,10.5,Oslo\n2,,Rome\n3,7.25,Oslo\n4,3,Rome\n5,8,Oslo\n6,1,Rome\n7,4,Oslo\n";

interface Node {
  kind: string;
  id: string;
  label: string;
}
interface Edge {
  src: { kind: string; id: string };
  dst: { kind: string; id: string };
  relation: string;
}

describe.each(testServers())("data primitives and lineage on $name", (server) => {
  const open: DocClient[] = [];
  afterAll(() => {
    for (const client of open) client.provider.destroy();
  });

  it("records one connected lineage graph for upload, load, validate, clean and split, exportable as OpenLineage", async () => {
    const sources = [
      `const { dataset: raw } = await data.load("sales.csv");`,
      `const quality = await data.validate(raw, { columns: { amount: { nullable: false }, city: { allowed: ["Oslo", "Rome"] } } });\nquality.failures.length`,
      `const { dataset: clean } = await data.dropNulls(raw, { columns: ["amount"] });`,
      `const { splits } = await data.randomSplit(clean, { fractions: { train: 0.5, test: 0.5 }, seed: 3 });\nconst sizes = [(await data.info(splits.train!)).rowCount, (await data.info(splits.test!)).rowCount];\nsizes`,
    ];
    const { world, editor, doc, cells, last } = await runDataNotebook(server, { name: "sales.csv", content: CSV }, sources, open, 60_000);
    for (const id of cells) expect(executionOf(doc.doc, id).status, JSON.stringify(outputsOf(doc.doc, id))).toBe("done");
    expect(last.status).toBe("done");
    expect(outputsOf(doc.doc, cells[1]!)).toContainEqual({ type: "value", value: { t: "number", v: 1 } });
    expect(outputsOf(doc.doc, cells[3]!)).toContainEqual({ type: "value", value: expect.objectContaining({ t: "array", length: 2 }) });

    // No waiting: the last cell is done, so its lineage is durable.
    const response = await editor.client.get(`/api/lineage/graph?kind=notebook&id=${world.notebookId}&direction=both&depth=20`);
    expect(response.status).toBe(200);
    const { nodes, edges, truncated } = response.body.graph as { nodes: Node[]; edges: Edge[]; truncated: boolean };
    expect(truncated).toBe(false);

    expect(connectedPieces({ nodes, edges })).toHaveLength(1);

    // What it holds: a run per primitive call, and the data flowing file -> clean -> train/test.
    // Job labels are `<namespace>/<notebookId>/<cellId>[/<primitive>]`.
    const jobs = nodes.filter((n) => n.kind === "job").map((n) => n.label.split("/").slice(2).join("/"));
    for (const [i, step] of [[0, "data.load"], [1, "data.validate"], [2, "data.dropNulls"], [3, "data.randomSplit"]] as const) {
      expect(jobs).toContain(`${cells[i]}/${step}`);
      expect(jobs).toContain(cells[i]);
    }
    const versions = nodes.filter((n) => n.kind === "dataset_version");
    const flowsInto = (fromVersion: Node, step: string) =>
      edges.some((e) => e.relation === "input" && e.src.id === fromVersion.id && runJob(e.dst.id)?.endsWith(step));
    const runJob = (runId: string) => {
      const runOf = edges.find((e) => e.relation === "run_of" && e.src.id === runId);
      return nodes.find((n) => n.kind === "job" && n.id === runOf?.dst.id)?.label;
    };
    const producedBy = (step: string) =>
      versions.filter((v) => edges.some((e) => e.relation === "output" && e.dst.id === v.id && runJob(e.src.id)?.endsWith(step)));
    const [loaded] = producedBy("/data.load");
    const [cleaned] = producedBy("/data.dropNulls");
    expect(loaded).toBeDefined();
    expect(cleaned).toBeDefined();
    expect(producedBy("/data.randomSplit")).toHaveLength(2);
    expect(flowsInto(loaded!, "/data.validate")).toBe(true);
    expect(flowsInto(loaded!, "/data.dropNulls")).toBe(true);
    expect(flowsInto(cleaned!, "/data.randomSplit")).toBe(true);

    // Every run exports as OpenLineage RunEvents that the spec accepts.
    const runs = nodes.filter((n) => n.kind === "run");
    expect(runs.length).toBeGreaterThanOrEqual(8);
    for (const runNode of runs) {
      const exported = await editor.client.get(`/api/lineage/runs/${runNode.id}/openlineage`);
      expect(exported.status).toBe(200);
      expect(exported.body.events.length).toBeGreaterThanOrEqual(2);
      for (const event of exported.body.events) {
        const parsed = openLineageRunEventSchema.safeParse(event);
        expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      }
    }
    const validateRun = runs.find((r) => runJob(r.id)?.endsWith("/data.validate"))!;
    const validateEvents = (await editor.client.get(`/api/lineage/runs/${validateRun.id}/openlineage`)).body.events;
    const start = validateEvents.find((e: { eventType: string }) => e.eventType === "START");
    const complete = validateEvents.find((e: { eventType: string }) => e.eventType === "COMPLETE");
    expect(start.job.facets.sourceCode.sourceCode).toBe(sources[1]);
    expect(complete.run.facets.parent.run.runId).toBeDefined();
    expect(complete.inputs[0].inputFacets.dataQualityAssertions.assertions).toContainEqual(expect.objectContaining({ assertion: "nullable", column: "amount", success: false }));
    expect(complete.run.facets.tracebook_run.actorId).toBe(editor.id);
  }, 180_000);
  it("adds features.fit and features.transform to the notebook's one connected graph", async () => {
    const sources = [
      `const { dataset: raw } = await data.load("sales.csv");`,
      `const fs = await features.fit({ name: "sales_features", passthrough: ["id"], transforms: [{ type: "impute", name: "amount", input: "amount", strategy: "median" }, { type: "oneHot", name: "city", input: "city" }] }, raw);`,
      `const X = await features.transform(fs, raw);\n(await data.info(X)).rowCount`,
    ];
    const { world, editor, doc, cells, last } = await runDataNotebook(server, { name: "sales.csv", content: CSV }, sources, open, 60_000);
    for (const id of cells) expect(executionOf(doc.doc, id).status, JSON.stringify(outputsOf(doc.doc, id))).toBe("done");
    expect(last.status).toBe("done");
    expect(outputsOf(doc.doc, cells[2]!)).toContainEqual({ type: "value", value: { t: "number", v: 7 } });

    const response = await editor.client.get(`/api/lineage/graph?kind=notebook&id=${world.notebookId}&direction=both&depth=20`);
    expect(response.status).toBe(200);
    const { nodes, edges } = response.body.graph as { nodes: Node[]; edges: Edge[] };
    expect(connectedPieces({ nodes, edges })).toHaveLength(1);
    // The run behind each edge, by its job's last path part (`data.load`, `features.fit`, …).
    const stepOf = (runId: string) => {
      const runOf = edges.find((e) => e.relation === "run_of" && e.src.id === runId);
      return nodes.find((n) => n.kind === "job" && n.id === runOf?.dst.id)?.label.split("/").pop();
    };
    const versionName = (id: string) => nodes.find((n) => n.id === id)!.label.split("@")[0];
    const flows = edges
      .filter((e) => e.relation === "input" || e.relation === "output")
      .map((e) => (e.relation === "input" ? `${versionName(e.src.id)} -> ${stepOf(e.dst.id)}` : `${stepOf(e.src.id)} -> ${versionName(e.dst.id)}`));
    expect(flows).toEqual(expect.arrayContaining([
      "data.load -> sales.csv",
      "sales.csv -> features.fit",
      "features.fit -> sales_features",
      "sales_features -> features.transform",
      "sales.csv -> features.transform",
      `features.transform -> ${cells[2]}/features.transform`,
    ]));
    expect(nodes).toContainEqual(expect.objectContaining({ kind: "feature_set", label: "tracebook://feature-sets/sales_features" }));
  }, 180_000);
});
