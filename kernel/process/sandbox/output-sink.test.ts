import { describe, expect, it } from "vitest";
import type { CellOutput } from "@/protocol/outputs";
import { DEFAULT_SANDBOX_LIMITS, type SandboxLimits } from "./limits";
import { OutputSink } from "./output-sink";

function sinkWith(limits: Partial<SandboxLimits>) {
  const delivered: CellOutput[] = [];
  const sink = new OutputSink({ ...DEFAULT_SANDBOX_LIMITS, progressIntervalMs: 60_000, ...limits }, (_cellId, output) => void delivered.push(output));
  sink.begin("c1");
  return { sink, delivered };
}

const chart = (id: string, points: number): CellOutput => ({ type: "chart", id, spec: { data: { values: Array.from({ length: points }, (_, i) => ({ i })) } } });

describe("OutputSink: charts with an id (live charts)", () => {
  it("delivers the first state at once, coalesces the rest, and delivers the last when the run ends", () => {
    const { sink, delivered } = sinkWith({});
    for (let points = 1; points <= 5; points++) expect(sink.accept(JSON.stringify(chart("curves", points)))).toBeNull();
    expect(delivered).toEqual([chart("curves", 1)]);
    sink.end();
    expect(delivered).toEqual([chart("curves", 1), chart("curves", 5)]);
  });

  it("charges a live chart to the run's output count once and its bytes by growth", () => {
    const first = JSON.stringify(chart("curves", 1));
    const { sink, delivered } = sinkWith({ maxRunOutputs: 2, maxRunOutputBytes: JSON.stringify(chart("curves", 3)).length + 40 });
    expect(sink.accept(first)).toBeNull();
    expect(sink.accept(JSON.stringify(chart("curves", 2)))).toBeNull();
    expect(sink.accept(JSON.stringify(chart("curves", 3)))).toBeNull();
    expect(sink.accept(JSON.stringify({ type: "markdown", text: "ok" }))).toBeNull();
    // The budget is spent: one more output, or the chart growing further, is refused.
    expect(sink.accept(JSON.stringify({ type: "markdown", text: "no" }))).toMatchObject({ name: "RangeError" });
    expect(sink.accept(JSON.stringify(chart("curves", 50)))).toMatchObject({ name: "RangeError" });
    sink.end();
    expect(delivered.map((o) => o.type)).toEqual(["chart", "markdown", "chart", "truncated"]);
    expect(delivered[2]).toEqual(chart("curves", 3));
  });

  it("refuses a chart whose id is not a string", () => {
    const { sink } = sinkWith({});
    expect(sink.accept(JSON.stringify({ type: "chart", id: 7, spec: {} }))).toMatchObject({ name: "TypeError" });
  });
});
