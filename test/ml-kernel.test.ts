import { afterAll, describe, expect, it } from "vitest";
import type { LineageGraph } from "../primitives/lineage/graph";
import type { OpenLineageRunEvent } from "../primitives/lineage/openlineage";
import type { RunDetail } from "../protocol/experiments";
import type { CellOutput } from "../protocol/outputs";
import type { DocClient } from "./collab-client";
import { runDataNotebook } from "./data-notebook";
import { executionOf, outputsOf } from "./kernel-world";
import { testServers } from "./world";

/**
 * Issues 5 and 6 through the real kernel: cells load an upload, fit features,
 * train a seeded logistic regression on them, predict and evaluate; the
 * training is a tracked experiment run the Experiments API lists, and the
 * lineage graph leads from its model back to the upload, the feature set
 * and the cells (issue 6 item 2).
 */
const rows = Array.from({ length: 60 }, (_, i) => {
  const x = (i % 10) / 10;
  const plan = i % 3 === 0 ? "pro" : "basic";
  return `${i},${x},${plan},${x + (plan === "pro" ? 0.3 : 0) > 0.55 ? 1 : 0}`;
});
const CSV = `id,x,plan,label\n${rows.join("\n")}\n`;

describe.each(testServers())("ML primitives in the kernel on $name", (server) => {
  const open: DocClient[] = [];
  afterAll(() => {
    for (const client of open) client.provider.destroy();
  });

  it("loads, fits features, trains, predicts and evaluates in cells, and tracks the training run", async () => {
    const sources = [
      `const { dataset } = await data.load("churn.csv");\nawait data.profile(dataset, { display: false });`,
      `const fs = await features.fit({ name: "churn", passthrough: ["label"], transforms: [{ type: "standardize", name: "x_z", input: "x" }, { type: "oneHot", name: "plan", input: "plan" }] }, dataset);\nconst X = await features.transform(fs, dataset);\n(await features.transformOne(fs, { x: 0.5, plan: "pro", label: 1 }))`,
      `const { model } = await train.logisticRegression(X, { target: "label", epochs: 40, learningRate: 0.1, seed: 7 });\nconst { labels } = await models.predict(model, X);\nlabels.length`,
      `const truth = (await data.rows(X, { limit: 100 })).map((r) => Number(r.label));\nconst { value: accuracy } = await evaluate.accuracy(truth, labels.map(Number));\naccuracy > 0.7`,
    ];
    const { world, editor, doc, cells } = await runDataNotebook(server, { name: "churn.csv", content: CSV }, sources, open);
    for (const id of cells) expect(executionOf(doc.doc, id).status, JSON.stringify(outputsOf(doc.doc, id))).toBe("done");
    expect(outputsOf(doc.doc, cells[2]!)).toContainEqual({ type: "value", value: { t: "number", v: 60 } });
    // The live curves were replaced in place: one chart in the document, with all 40 epochs.
    const charts = outputsOf(doc.doc, cells[2]!).filter((o): o is Extract<CellOutput, { type: "chart" }> => o.type === "chart");
    expect(charts).toHaveLength(1);
    expect(charts[0]!.id).toMatch(/-curves$/);
    expect(Math.max(...(charts[0]!.spec.data as { values: Array<{ epoch: number }> }).values.map((v) => v.epoch))).toBe(40);
    expect(outputsOf(doc.doc, cells[3]!)).toContainEqual({ type: "value", value: { t: "boolean", v: true } });

    // The loaded version carries its first rows (from the load) and its profile (taken later) for the dataset page.
    const datasets = await editor.client.get("/api/datasets?q=churn.csv");
    expect(datasets.status).toBe(200);
    const listed = (datasets.body.datasets as Array<{ id: string; name: string }>).find((d) => d.name.endsWith("churn.csv"));
    expect(listed, JSON.stringify(datasets.body)).toBeDefined();
    const detail = await editor.client.get(`/api/datasets/${listed!.id}`);
    const [version] = detail.body.versions as Array<{ facets: Record<string, { columns: unknown[]; rows?: unknown[][] }> }>;
    expect(version!.facets.tracebook_sample!.rows).toHaveLength(20);
    expect(version!.facets.tracebook_sample!.rows![0]).toEqual([0, 0, "pro", 0]);
    expect(version!.facets.tracebook_profile!.columns.map((c) => (c as { name: string }).name)).toEqual(["id", "x", "plan", "label"]);

    const experiments = await editor.client.get("/api/experiments");
    expect(experiments.status).toBe(200);
    const list = experiments.body.experiments as Array<{ id: string; name: string }>;
    const experiment = list.find((e) => e.name === "Default");
    expect(experiment, JSON.stringify(list)).toBeDefined();
    const search = await editor.client.get(`/api/experiments/${experiment!.id}/runs?filter=${encodeURIComponent("attributes.status = 'FINISHED'")}`);
    expect(search.status).toBe(200);
    const runs = search.body.runs as Array<{ id: string; notebookId: string | null; cellId: string | null; metrics: Array<{ key: string }>; params: Array<{ key: string }> }>;
    const training = runs.find((r) => r.notebookId === world.notebookId && r.cellId === cells[2]);
    expect(training, JSON.stringify(runs)).toBeDefined();
    expect(training!.metrics.map((m) => m.key)).toContain("loss");
    expect(training!.params.map((p) => p.key)).toContain("seed");

    // The run read the transformed dataset for training, logged its model, and hangs under cell 2's call.
    const runDetail = await editor.client.get(`/api/experiments/runs/${training!.id}`);
    const run = runDetail.body.run as RunDetail;
    expect(run.inputs.map((i) => [i.name, i.context])).toEqual([[`${cells[1]}/features.transform`, "training"]]);
    expect(run.artifacts).toContainEqual(expect.objectContaining({ path: "model", kind: "model" }));
    expect(run.lineageRunId).toEqual(expect.any(String));
    // Opened by the kernel for the user who ran the cell.
    expect(run.actorId).toBe(editor.id);

    // A reviewer walking up from the model reaches the data, the feature set, the upload and the cells.
    const modelNode = { kind: "model_artifact", id: `${run.id}/model` };
    const walked = await editor.client.get(`/api/lineage/graph?${new URLSearchParams({ ...modelNode, direction: "up", depth: "20" })}`);
    expect(walked.status).toBe(200);
    const { nodes, edges } = walked.body.graph as LineageGraph;
    const contexts = edges.filter((e) => e.relation === "input" && e.dst.kind === "experiment_run").map((e) => e.facets);
    expect(contexts).toEqual([{ contexts: ["training"] }]);
    const labels = nodes.map((n) => `${n.kind} ${n.label}`);
    expect(labels).toContainEqual(expect.stringMatching(/^dataset_version churn\.csv@/));
    expect(labels).toContainEqual(expect.stringMatching(/^feature_set .*\/churn$/));
    expect(labels).toContain(`job tracebook/${world.notebookId}/${cells[2]}/train.logisticRegression`);
    expect(labels).toContain(`job tracebook/${world.notebookId}/${cells[2]}`);
    expect(labels).toContain(`job tracebook/${world.notebookId}/${cells[1]}/features.fit`);

    // The call's OpenLineage export says in which context it read its input.
    const exported = await editor.client.get(`/api/lineage/runs/${run.lineageRunId}/openlineage`);
    expect(exported.status).toBe(200);
    const complete = (exported.body.events as OpenLineageRunEvent[]).at(-1)!;
    expect(complete.inputs.map((i) => [i.name, i.inputFacets.tracebook_context?.contexts])).toEqual([[`${cells[1]}/features.transform`, ["training"]]]);
  }, 240_000);
});
