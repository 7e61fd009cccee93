import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import type { CellOutput } from "../../protocol/outputs";
import { OutputBuffer } from "./output-buffer";

function arrayOf(): Y.Array<unknown> {
  return new Y.Doc().getArray("outputs");
}

describe("OutputBuffer", () => {
  it("merges consecutive writes to one stream and keeps streams apart", () => {
    const buffer = new OutputBuffer(10_000);
    buffer.add({ type: "stream", name: "stdout", text: "a\n" });
    buffer.add({ type: "stream", name: "stdout", text: "b\n" });
    buffer.add({ type: "stream", name: "stderr", text: "oops\n" });
    buffer.add({ type: "stream", name: "stdout", text: "c\n" });
    expect(buffer.snapshot()).toEqual([
      { type: "stream", name: "stdout", text: "a\nb\n" },
      { type: "stream", name: "stderr", text: "oops\n" },
      { type: "stream", name: "stdout", text: "c\n" },
    ]);
  });

  it("updates a chart with an id in place, and appends charts without one", () => {
    const buffer = new OutputBuffer(10_000);
    const live = (points: number): CellOutput => ({ type: "chart", id: "curves", spec: { points } });
    buffer.add(live(1));
    buffer.add({ type: "chart", spec: { points: 1 } });
    buffer.add(live(2));
    buffer.add({ type: "chart", spec: { points: 2 } });
    expect(buffer.snapshot()).toEqual([live(2), { type: "chart", spec: { points: 1 } }, { type: "chart", spec: { points: 2 } }]);
  });

  it("updates a progress output in place by id", () => {
    const buffer = new OutputBuffer(10_000);
    const progress = (value: number): CellOutput => ({ type: "progress", id: "p1", label: "x", value, total: 10, done: false });
    buffer.add(progress(1));
    buffer.add({ type: "markdown", text: "hi" });
    buffer.add(progress(5));
    expect(buffer.snapshot()).toEqual([progress(5), { type: "markdown", text: "hi" }]);
  });

  it("flushes only what changed, and the array ends equal to the buffer", () => {
    const buffer = new OutputBuffer(10_000);
    const array = arrayOf();
    let inserted = 0;
    array.observe((event) => {
      for (const delta of event.changes.delta) if (delta.insert) inserted += (delta.insert as unknown[]).length;
    });
    buffer.add({ type: "stream", name: "stdout", text: "1" });
    buffer.add({ type: "markdown", text: "m" });
    buffer.flushInto(array);
    expect(inserted).toBe(2);
    buffer.add({ type: "html", html: "<b>x</b>" });
    buffer.flushInto(array);
    expect(inserted).toBe(3);
    expect(buffer.pending).toBe(false);
    expect(array.toJSON()).toEqual(buffer.snapshot());
  });

  it("cuts outputs past the limit and leaves one marker counting what was left out", () => {
    const buffer = new OutputBuffer(200);
    for (let i = 0; i < 20; i++) buffer.add({ type: "markdown", text: `line ${i} `.repeat(3) });
    const outputs = buffer.snapshot();
    const marker = outputs[outputs.length - 1]!;
    expect(marker.type).toBe("truncated");
    expect(outputs.filter((o) => o.type === "truncated")).toHaveLength(1);
    if (marker.type !== "truncated") throw new Error("unreachable");
    expect(marker.omittedOutputs + outputs.length - 1).toBe(20);
    expect(buffer.size).toBeLessThanOrEqual(200);
  });

  it("keeps the part of a long stream that fits", () => {
    const buffer = new OutputBuffer(120);
    for (let i = 0; i < 50; i++) buffer.add({ type: "stream", name: "stdout", text: "0123456789" });
    const [stream, marker] = buffer.snapshot();
    expect(stream?.type).toBe("stream");
    expect(marker?.type).toBe("truncated");
    if (stream?.type !== "stream" || marker?.type !== "truncated") throw new Error("unreachable");
    expect("0123456789".repeat(50).startsWith(stream.text)).toBe(true);
    expect(stream.text.length).toBeGreaterThan(50);
    expect(stream.text.length).toBeLessThan(120);
    expect(marker.omittedBytes).toBeGreaterThanOrEqual(500 - stream.text.length);
  });

  it("resyncs when the stored array no longer matches", () => {
    const buffer = new OutputBuffer(10_000);
    const array = arrayOf();
    buffer.add({ type: "markdown", text: "a" });
    buffer.flushInto(array);
    array.push([{ type: "markdown", text: "foreign" }]);
    buffer.add({ type: "markdown", text: "b" });
    buffer.flushInto(array);
    expect(array.toJSON()).toEqual(buffer.snapshot());
  });
});
