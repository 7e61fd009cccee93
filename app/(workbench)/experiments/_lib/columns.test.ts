import { describe, expect, it } from "vitest";
import type { RunSummary } from "@/protocol/experiments";
import { cellValue, chosenColumns, column, defaultColumnIds, formatMetric, nextOrder } from "./columns";
import { identifier } from "./identifiers";
import { diffParams } from "./param-diff";

const run = {
  id: "r1",
  name: "baseline",
  status: "FINISHED",
  startTime: "2030-01-01T00:00:00.000Z",
  params: [{ key: "lr", value: "0.1" }],
  metrics: [{ key: "acc", step: 3, timestamp: 1, value: "NaN" }],
  tags: [],
} as unknown as RunSummary;

describe("run columns", () => {
  it("quotes keys the search language cannot read bare", () => {
    expect(identifier("metrics", "val/loss")).toBe("metrics.val/loss");
    expect(identifier("params", "batch size")).toBe("params.`batch size`");
    expect(identifier("tags", "a`b")).toBe("tags.`a``b`");
    expect(identifier("metrics", "1st")).toBe("metrics.`1st`");
    expect(column("metrics", "f1 score").orderKey).toBe("metrics.`f1 score`");
  });

  it("shows the first metrics and params by default and keeps chosen columns in a stable order", () => {
    const keys = { params: ["a", "b", "c", "d", "e", "f", "g"], metrics: ["acc"], tags: ["team"] };
    expect(defaultColumnIds(keys)).toEqual(["metrics:acc", "params:a", "params:b", "params:c", "params:d", "params:e", "params:f"]);
    expect(chosenColumns(keys, new Set(["tags:team", "params:b", "metrics:acc"])).map((c) => c.id)).toEqual(["metrics:acc", "params:b", "tags:team"]);
  });

  it("reads a run's cells, missing keys included", () => {
    expect(cellValue(run, column("params", "lr"))).toEqual({ kind: "text", text: "0.1" });
    expect(cellValue(run, column("metrics", "acc"))).toEqual({ kind: "number", value: "NaN" });
    expect(cellValue(run, column("metrics", "loss"))).toEqual({ kind: "missing" });
    expect(cellValue(run, column("attributes", "status"))).toEqual({ kind: "status", status: "FINISHED" });
  });

  it("formats metric values to four significant digits", () => {
    expect([formatMetric(0.912345), formatMetric(1234.5678), formatMetric(0), formatMetric(1.5e-7), formatMetric(-Infinity as never), formatMetric("Infinity")]).toEqual([
      "0.9123",
      "1235",
      "0",
      "1.500e-7",
      "-Infinity",
      "Infinity",
    ]);
  });

  it("sorts a new column descending (names ascending) and flips the current one", () => {
    const acc = column("metrics", "acc");
    expect(nextOrder(null, acc)).toEqual({ columnId: "metrics:acc", ascending: false });
    expect(nextOrder({ columnId: "metrics:acc", ascending: false }, acc)).toEqual({ columnId: "metrics:acc", ascending: true });
    expect(nextOrder({ columnId: "metrics:acc", ascending: true }, column("attributes", "run_name"))).toEqual({ columnId: "attributes:run_name", ascending: true });
  });
});

describe("diffParams", () => {
  it("lines params up by key and marks the rows that differ, a missing value included", () => {
    expect(
      diffParams([
        [{ key: "lr", value: "0.1" }, { key: "opt", value: "adam" }],
        [{ key: "opt", value: "adam" }, { key: "lr", value: "0.2" }, { key: "seed", value: "1" }],
      ]),
    ).toEqual([
      { key: "lr", values: ["0.1", "0.2"], differs: true },
      { key: "opt", values: ["adam", "adam"], differs: false },
      { key: "seed", values: [null, "1"], differs: true },
    ]);
  });
});
