import { describe, expect, it } from "vitest";
import type { GraphNode, LineageGraph } from "@/primitives/lineage/graph";
import { layoutGraph } from "./graph-layout";
import { nodeCaption, nodeTone, shortLabel } from "./node-kinds";

const node = (kind: string, id: string, label: string): GraphNode => ({ kind, id, label, notebookId: null });
const key = (kind: string, id: string) => ({ kind, id });

/** A cell's run reads v1 of `raw` and writes v2 of `raw` and a model (a kind the view does not know). */
const graph: LineageGraph = {
  roots: [key("run", "r")],
  nodes: [
    node("job", "j", "tracebook/6f1c2d3e-4b5a-4c6d-8e7f-0123456789ab/load"),
    node("run", "r", "6f1c2d3e-4b5a-4c6d-8e7f-0123456789ab/load run"),
    node("dataset", "d", "duckdb://x/raw"),
    node("dataset_version", "d@1", "raw@111111111111"),
    node("dataset_version", "d@2", "raw@222222222222"),
    node("model", "m", "duckdb://x/churn"),
  ],
  edges: [
    { src: key("dataset_version", "d@1"), dst: key("run", "r"), relation: "input", facets: { contexts: ["training", "validation"] } },
    { src: key("run", "r"), dst: key("dataset_version", "d@2"), relation: "output" },
    { src: key("run", "r"), dst: key("model", "m"), relation: "output" },
    { src: key("run", "r"), dst: key("job", "j"), relation: "run_of" },
    { src: key("dataset_version", "d@1"), dst: key("dataset", "d"), relation: "version_of" },
    { src: key("dataset_version", "d@2"), dst: key("dataset", "d"), relation: "version_of" },
    // An edge to a node the caller may not see is not drawn.
    { src: key("run", "r"), dst: key("run", "hidden"), relation: "child_of" },
  ],
  truncated: false,
};

describe("layoutGraph", () => {
  const layout = layoutGraph(graph);
  const at = (id: string) => layout.nodes.find((n) => n.id === id)!;

  it("lays data flow left to right and containers left of their members", () => {
    expect(at("d@1").x).toBeLessThan(at("r").x);
    expect(at("r").x).toBeLessThan(at("d@2").x);
    expect(at("r").x).toBeLessThan(at("m").x);
    expect(at("j").x).toBeLessThan(at("r").x);
    expect(at("d").x).toBeLessThan(at("d@1").x);
    for (const n of layout.nodes) {
      expect(n.x - n.width / 2).toBeGreaterThanOrEqual(0);
      expect(n.x + n.width / 2).toBeLessThanOrEqual(layout.width);
      expect(n.y + n.height / 2).toBeLessThanOrEqual(layout.height);
    }
    expect(layout.nodes.filter((n) => n.root).map((n) => n.id)).toEqual(["r"]);
  });

  it("draws each visible edge from its source to its destination, labelled with its relation and an input's contexts", () => {
    expect(layout.edges.map((e) => e.relation).sort()).toEqual(["input", "output", "output", "run_of", "version_of", "version_of"]);
    // An input says the contexts it was read in.
    expect(layout.edges.map((e) => e.text).sort()).toEqual(["input · training, validation", "output", "output", "run_of", "version_of", "version_of"]);
    for (const edge of layout.edges) {
      const src = at(edge.src.id);
      const dst = at(edge.dst.id);
      const first = edge.points[0]!;
      const last = edge.points.at(-1)!;
      // Dagre ends edges on the box borders: the first point is nearer the source, the last nearer the destination.
      expect(Math.hypot(first.x - src.x, first.y - src.y)).toBeLessThan(Math.hypot(first.x - dst.x, first.y - dst.y));
      expect(Math.hypot(last.x - dst.x, last.y - dst.y)).toBeLessThan(Math.hypot(last.x - src.x, last.y - src.y));
      expect(edge.flow).toBe(edge.relation === "input" || edge.relation === "output");
    }
  });

  it("shows known kinds by name and unknown ones generically", () => {
    expect([at("j").text, at("r").text, at("d").text, at("m").caption]).toEqual(["load", "load run", "raw", "model"]);
    expect([nodeCaption("dataset_version"), nodeTone("dataset_version"), nodeCaption("feature_set"), nodeTone("feature_set")]).toEqual([
      "dataset version",
      "version",
      "feature set",
      "other",
    ]);
    expect([nodeCaption("experiment_run"), nodeCaption("model_artifact"), nodeTone("model_artifact")]).toEqual(["experiment run", "model", "model"]);
    expect(shortLabel("tracebook/6f1c2d3e-4b5a-4c6d-8e7f-0123456789ab")).toBe("6f1c2d3e…");
  });

  it("answers an empty layout for an empty graph", () => {
    expect(layoutGraph({ roots: [], nodes: [], edges: [], truncated: false })).toMatchObject({ nodes: [], edges: [] });
  });
});
