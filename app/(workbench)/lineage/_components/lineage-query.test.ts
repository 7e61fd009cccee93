import { describe, expect, it } from "vitest";
import { graphApiPath, lineagePath, nodePageHref } from "./lineage-query";

describe("lineage addresses", () => {
  it("carries kind, id, direction and depth, escaped", () => {
    const query = { kind: "dataset_version", id: "d1@abc", direction: "up" as const, depth: 2 };
    expect(lineagePath(query)).toBe("/lineage?kind=dataset_version&id=d1%40abc&direction=up&depth=2");
    expect(lineagePath({ kind: "run", id: "r1" })).toBe("/lineage?kind=run&id=r1");
    expect(graphApiPath(query)).toBe("/api/lineage/graph?kind=dataset_version&id=d1%40abc&direction=up&depth=2");
  });

  it("knows the page of datasets, versions, jobs, runs and experiment nodes, and of nothing else", () => {
    expect(nodePageHref({ kind: "dataset", id: "d1", notebookId: null })?.href).toBe("/datasets/d1");
    expect(nodePageHref({ kind: "dataset_version", id: "d1@abc", notebookId: "n1" })?.href).toBe("/datasets/d1?version=abc");
    expect(nodePageHref({ kind: "run", id: "r1", notebookId: "n1" })?.href).toBe("/notebooks/n1");
    expect(nodePageHref({ kind: "run", id: "r1", notebookId: null })).toBeNull();
    expect(nodePageHref({ kind: "feature_set", id: "f1", notebookId: "n1" })).toBeNull();
    expect(nodePageHref({ kind: "experiment_run", id: "e1", notebookId: "n1" })?.href).toBe("/experiments/runs/e1");
    expect(nodePageHref({ kind: "model_artifact", id: "e1/model", notebookId: "n1" })?.href).toBe("/experiments/runs/e1");
    expect(nodePageHref({ kind: "experiment", id: "x1", notebookId: null })?.href).toBe("/experiments/x1");
  });
});
