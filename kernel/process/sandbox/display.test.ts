import { afterEach, describe, expect, it } from "vitest";
import type { CellOutput } from "@/protocol/outputs";
import { errorOf, startSandbox, type RecordedSandbox } from "./sandbox-fixture";

let s: RecordedSandbox;
afterEach(() => s.sandbox.dispose());

const outputsOf = (type: CellOutput["type"]) => s.outputs.map((o) => o.output).filter((o) => o.type === type);

describe("display.table", () => {
  it("shows records with their union of columns, a caption and a page size", async () => {
    s = await startSandbox();
    await s.run(`display.table([{ a: 1, b: "x" }, { b: "y", c: new Date(0) }], { caption: "two rows", pageSize: 5 });`);
    expect(outputsOf("table")).toEqual([
      {
        type: "table",
        columns: ["a", "b", "c"],
        rows: [
          [1, "x", null],
          [null, "y", { t: "date", v: "1970-01-01T00:00:00.000Z" }],
        ],
        total: 2,
        pageSize: 5,
        caption: "two rows",
      },
    ]);
  });

  it("shows arrays of arrays with given column names", async () => {
    s = await startSandbox();
    await s.run(`display.table([[1, "a"], [2, "b", true]], { columns: ["id", "letter"] });`);
    expect(outputsOf("table")).toEqual([
      { type: "table", columns: ["id", "letter"], rows: [[1, "a"], [2, "b"]], total: 2, pageSize: 20 },
    ]);
  });

  it("keeps the row cap and the real total; cuts long cells", async () => {
    s = await startSandbox({ limits: { tableRows: 3, tableCellChars: 5 } });
    await s.run(`display.table(Array.from({ length: 10 }, (_, i) => ({ i, text: "abcdefgh" })));`);
    const [table] = outputsOf("table");
    expect(table).toMatchObject({ total: 10, rows: [[0, "abcde… [3 more characters truncated]"], expect.anything(), expect.anything()] });
  });

  it("non-finite numbers and nested values become previews", async () => {
    s = await startSandbox();
    await s.run(`display.table([{ n: NaN, o: { deep: [1] } }]);`);
    expect(outputsOf("table")[0]).toMatchObject({
      rows: [[{ t: "number", v: "NaN" }, { t: "object", ctor: "Object", entries: [["deep", { t: "array", length: 1, items: [], more: 1 }]], more: 0 }]],
    });
  });

  it("rejects rows that are not an array, or mixed rows, with a TypeError", async () => {
    s = await startSandbox();
    expect(errorOf(await s.run(`display.table("rows");`))).toMatchObject({ name: "TypeError", message: "display.table: rows must be an array of records or of arrays" });
    expect(errorOf(await s.run(`display.table([[1], { a: 1 }]);`))).toMatchObject({ name: "TypeError" });
    expect(errorOf(await s.run(`display.table([{ a: 1 }], { pageSize: 0 });`))).toMatchObject({ name: "TypeError" });
    expect(outputsOf("table")).toEqual([]);
  });
});

describe("display.chart, markdown, html", () => {
  it("copies a Vega-Lite spec as JSON data", async () => {
    s = await startSandbox();
    await s.run(`display.chart({ mark: "bar", data: { values: [{ x: "a", y: 1, when: new Date(0), skip: undefined }] } });`);
    expect(outputsOf("chart")).toEqual([
      { type: "chart", spec: { mark: "bar", data: { values: [{ x: "a", y: 1, when: "1970-01-01T00:00:00.000Z" }] } } },
    ]);
  });

  it("refuses functions in a spec and specs over the output limit", async () => {
    s = await startSandbox({ limits: { maxOutputBytes: 2_000 } });
    expect(errorOf(await s.run(`display.chart({ mark: "bar", encoding: { x: { field: () => 1 } } });`))).toMatchObject({
      name: "TypeError",
      message: expect.stringContaining("display.chart: .encoding.x.field is a function"),
    });
    expect(errorOf(await s.run(`display.chart({ data: { values: Array.from({ length: 500 }, (_, i) => ({ i })) } });`))).toMatchObject({
      name: "RangeError",
      message: expect.stringMatching(/^display\.chart: the spec is \d+ bytes, over the 2000-byte output limit/),
    });
    expect(outputsOf("chart")).toEqual([]);
  });

  it("emits markdown as text and requires a string", async () => {
    s = await startSandbox();
    await s.run(`display.markdown("# Title\\n*x*");`);
    expect(outputsOf("markdown")).toEqual([{ type: "markdown", text: "# Title\n*x*" }]);
    expect(errorOf(await s.run(`display.markdown(42);`))).toMatchObject({ name: "TypeError", message: "display.markdown: expected a string, got number" });
  });

  it("sanitizes html on the host before emitting it", async () => {
    s = await startSandbox();
    await s.run(`display.html('<p onclick="steal()">hi<script>steal()</script><a href="javascript:steal()">x</a></p>');`);
    expect(outputsOf("html")).toEqual([{ type: "html", html: "<p>hi<a>x</a></p>" }]);
  });
});

describe("display.progress", () => {
  it("re-emits one id, and the final state always arrives", async () => {
    s = await startSandbox();
    await s.run(`const bar = display.progress({ label: "epochs", total: 1000 }); for (let i = 0; i < 1000; i++) bar.increment(); bar.update(1000, { label: "done!" }); bar.done();`);
    const updates = outputsOf("progress");
    const ids = new Set(updates.map((u) => (u.type === "progress" ? u.id : "")));
    expect(ids.size).toBe(1);
    expect(updates[0]).toMatchObject({ label: "epochs", value: 0, total: 1000, done: false });
    expect(updates.at(-1)).toMatchObject({ label: "done!", value: 1000, total: 1000, done: true });
    // 1002 updates in a tight loop are coalesced by the host.
    expect(updates.length).toBeLessThan(100);
  });

  it("delivers the last throttled update when the run ends without done()", async () => {
    s = await startSandbox();
    await s.run(`const bar = display.progress({ label: "rows" }); bar.update(1); bar.update(2); bar.update(3);`);
    expect(outputsOf("progress").at(-1)).toMatchObject({ value: 3, total: null, done: false });
  });

  it("two bars have different ids and ignore updates after done", async () => {
    s = await startSandbox();
    await s.run(`const a = display.progress({ label: "a" }); const b = display.progress({ label: "b", total: 2 }); b.done(); b.update(1); a.done();`);
    const updates = outputsOf("progress");
    expect(new Set(updates.map((u) => (u.type === "progress" ? u.id : ""))).size).toBe(2);
    expect(updates.filter((u) => u.type === "progress" && u.label === "b").at(-1)).toMatchObject({ value: 2, done: true });
  });

  it("validates its arguments", async () => {
    s = await startSandbox();
    expect(errorOf(await s.run(`display.progress({ label: "x" }).update("1");`))).toMatchObject({ name: "TypeError" });
    expect(errorOf(await s.run(`display.progress({ label: "x", total: -1 });`))).toMatchObject({ name: "TypeError" });
  });
});
