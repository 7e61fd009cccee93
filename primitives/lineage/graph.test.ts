import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../../db/client";
import { writeLineageBatch } from "../../db/queries/lineage";
import { parseLineageEvent } from "./event";
import { connectedPieces, walkLineage, type GraphNode, type LineageGraph } from "./graph";
import { buildPipeline, type PipelineFixture } from "./pipeline-fixture";
import { createGraphSource } from "./service";

describe("lineage graph walks (PGlite)", () => {
  let store: Store;
  let p: PipelineFixture;
  let source: ReturnType<typeof createGraphSource>;
  const versionNode = new Map<string, GraphNode>();

  beforeAll(async () => {
    store = await openStore({ pgliteDir: "memory://" });
    p = buildPipeline();
    await writeLineageBatch(store.db, p.events.map(parseLineageEvent));
    source = createGraphSource(store.db);
    // Find each version's node through the run that wrote it.
    for (const [name, runId] of [["raw", p.runs.load], ["clean", p.runs.clean], ["train", p.runs.split], ["model", p.runs.train]] as const) {
      const edges = await source.findEdges("src", [{ kind: "run", id: runId }], ["output"]);
      const nodes = await source.findNodes(edges.map((e) => ({ kind: e.dstKind, id: e.dstId })));
      for (const n of nodes) if (n.label.startsWith(`${name}@`)) versionNode.set(name, n);
    }
  });
  afterAll(() => store?.close());

  /** Node labels by kind, compact: runs by their cell, versions by dataset name. */
  function summary(graph: LineageGraph) {
    const runCell = new Map(Object.entries(p.runs).map(([cell, id]) => [id, cell]));
    const pick = (kind: string) =>
      graph.nodes
        .filter((n) => n.kind === kind)
        .map((n) => (kind === "run" ? runCell.get(n.id) : kind === "dataset_version" ? n.label.split("@")[0] : n.label.split("/").pop()))
        .sort();
    return { runs: pick("run"), versions: pick("dataset_version"), jobs: pick("job"), datasets: [...pick("dataset"), ...pick("model")].sort() };
  }

  it("walks downstream from a version through every run that read it, across notebooks", async () => {
    const graph = await walkLineage(source, [versionNode.get("raw")!], { direction: "down", depth: 10 });
    expect(summary(graph).runs).toEqual(["clean", "notebook", "split", "train"]);
    expect(summary(graph).versions).toEqual(["clean", "model", "raw", "test", "train"]);
    expect(summary(graph).datasets).toEqual(["clean", "model", "raw", "test", "train"]);
    expect(graph.truncated).toBe(false);
    // Every edge joins two returned nodes.
    const keys = new Set(graph.nodes.map((n) => `${n.kind}:${n.id}`));
    for (const e of graph.edges) {
      expect(keys.has(`${e.src.kind}:${e.src.id}`)).toBe(true);
      expect(keys.has(`${e.dst.kind}:${e.dst.id}`)).toBe(true);
    }
    expect(graph.edges.filter((e) => e.relation === "input").length).toBe(3);
  });

  it("limits a walk to `depth` flow hops, bringing only the containers of what it reached", async () => {
    const one = await walkLineage(source, [versionNode.get("train")!], { direction: "up", depth: 1 });
    // The producing run, its job and its parent (notebook) run with that run's job, and the version's dataset.
    expect(summary(one)).toEqual({ runs: ["notebook", "split"], versions: ["train"], jobs: [p.notebookA, "split"].sort(), datasets: ["train"] });
    const two = await walkLineage(source, [versionNode.get("train")!], { direction: "up", depth: 2 });
    expect(summary(two).versions).toEqual(["clean", "train"]);
    const four = await walkLineage(source, [versionNode.get("train")!], { direction: "up", depth: 4 });
    expect(summary(four).runs).toEqual(["clean", "notebook", "split"]);
    expect(summary(four).versions).toEqual(["clean", "raw", "train"]);
    const five = await walkLineage(source, [versionNode.get("train")!], { direction: "up", depth: 5 });
    expect(summary(five).runs).toEqual(["clean", "load", "notebook", "split"]);
    const zero = await walkLineage(source, [versionNode.get("train")!], { direction: "up", depth: 0 });
    expect(summary(zero).runs).toEqual([]);
  });

  it("walks both ways from a run", async () => {
    const [clean] = await source.findNodes([{ kind: "run", id: p.runs.clean }]);
    const graph = await walkLineage(source, [clean!], { direction: "both", depth: 1 });
    expect(summary(graph).versions).toEqual(["clean", "raw"]);
    expect(summary(graph).runs).toEqual(["clean", "notebook"]);
  });

  it("starts from a job's runs and a dataset's versions", async () => {
    const jobEdge = await source.findEdges("src", [{ kind: "run", id: p.runs.split }], ["run_of"]);
    const [job] = await source.findNodes([{ kind: "job", id: jobEdge[0]!.dstId }]);
    const fromJob = await walkLineage(source, [job!], { direction: "down", depth: 1 });
    expect(summary(fromJob).versions).toEqual(["test", "train"]);
    const dsEdge = await source.findEdges("src", [{ kind: "dataset_version", id: versionNode.get("clean")!.id }], ["version_of"]);
    const [dataset] = await source.findNodes([{ kind: "dataset", id: dsEdge[0]!.dstId }]);
    const fromDataset = await walkLineage(source, [dataset!], { direction: "up", depth: 1 });
    expect(summary(fromDataset).runs).toEqual(["clean", "notebook"]);
  });

  it("neither shows nor walks through nodes the caller may not see", async () => {
    const hideB = async (n: GraphNode) => n.notebookId !== p.notebookB;
    const graph = await walkLineage(source, [versionNode.get("raw")!], { direction: "down", depth: 10, visible: hideB });
    expect(summary(graph).runs).toEqual(["clean", "notebook", "split"]);
    expect(summary(graph).versions).toEqual(["clean", "raw", "test", "train"]);
    const hideClean = async (n: GraphNode) => n.id !== p.runs.clean;
    const cut = await walkLineage(source, [versionNode.get("raw")!], { direction: "down", depth: 10, visible: hideClean });
    expect(summary(cut).versions).toEqual(["raw"]);
  });

  it("stops at maxNodes and says so", async () => {
    const graph = await walkLineage(source, [versionNode.get("raw")!], { direction: "down", depth: 10, maxNodes: 3 });
    expect(graph.nodes).toHaveLength(3);
    expect(graph.truncated).toBe(true);
  });
});

it("splits a graph into its connected pieces, edges taken both ways", () => {
  const node = (id: string): GraphNode => ({ kind: id[0] === "r" ? "run" : "dataset_version", id, label: id, notebookId: null });
  const edge = (src: string, dst: string) => ({ src: { kind: node(src).kind, id: src }, dst: { kind: node(dst).kind, id: dst }, relation: "output" });
  const nodes = ["r1", "v1", "r2", "v2", "r3"].map(node);
  const pieces = connectedPieces({ nodes, edges: [edge("r1", "v1"), edge("v1", "r2"), edge("r3", "v2")] });
  expect(pieces.map((p) => p.map((k) => k.id).sort())).toEqual([["r1", "r2", "v1"], ["r3", "v2"]]);
  expect(connectedPieces({ nodes: nodes.slice(0, 3), edges: [edge("r1", "v1"), edge("v1", "r2")] })).toHaveLength(1);
  expect(connectedPieces({ nodes: [], edges: [] })).toEqual([]);
});
