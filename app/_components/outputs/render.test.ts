import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { expect, test } from "vitest";
import type { CellOutput } from "@/protocol/outputs";
import type { OutputContext } from "./output-context";
import { OutputList } from "./OutputList";
import { sanitizeOutputHtml } from "./sanitize";

const context: OutputContext = {
  labelOf: (id) => (id === "c2" ? "Cell 2" : "a deleted cell"),
  reveal: () => undefined,
  showCell: () => undefined,
};

const render = (outputs: unknown[], stale = false) => renderToStaticMarkup(createElement(OutputList, { outputs, context, stale }));

test("each output renders by its type, in order", () => {
  const outputs: CellOutput[] = [
    { type: "stream", name: "stderr", text: "warning <b>\n" },
    { type: "value", value: { t: "object", ctor: null, entries: [["loss", { t: "number", v: 0.25 }]], more: 1 } },
    { type: "progress", id: "p1", label: "epochs", value: 3, total: 10, done: false },
    { type: "truncated", omittedOutputs: 2, omittedBytes: 2048, limitBytes: 1024 * 1024 },
    { type: "chart", spec: { mark: "bar" } },
  ];
  const html = render(outputs);
  expect([...html.matchAll(/data-type="(\w+)"/g)].map((m) => m[1])).toEqual(["stream", "value", "progress", "truncated", "chart"]);
  expect(html).toContain('data-stream="stderr"');
  // Stream text is text, never markup.
  expect(html).toContain("warning &lt;b&gt;");
  expect(html).toContain("loss: </span>");
  expect(html).toContain("… 1 more not shown");
  expect(html).toContain("3 / 10 (30%)");
  expect(html).toContain("2 more outputs (2 KB) over the 1 MB limit");
});

test("a table shows its first page and says how many rows there are", () => {
  const rows = [["a", 1], ["b", 2], ["c", 3], ["d", 4], ["e", 5]];
  const html = render([{ type: "table", columns: ["name", "n"], rows, total: 9, pageSize: 2, caption: "letters" }]);
  expect(html).toContain("<caption>letters</caption>");
  expect(html).toContain("<td>a</td>");
  expect(html).toContain("<td>b</td>");
  expect(html).not.toContain("<td>c</td>");
  expect(html).toContain('<td class="numeric">2</td>');
  expect(html).toContain("Rows 1–2 of 9 (first 5 kept)");
  expect(html).toContain("1 / 3");
});

test("an exception links its location and stack frames to cells", () => {
  const html = render([
    {
      type: "error",
      error: {
        kind: "exception",
        name: "RangeError",
        message: "bad size",
        location: { cellId: "c2", line: 3, column: 5 },
        stack: [{ text: "at grow (cell 2)", location: { cellId: "c2", line: 1, column: 10 } }, { text: "at <anonymous>" }],
      },
    },
  ]);
  expect(html).toContain('data-kind="exception"');
  expect(html).toContain("RangeError: bad size");
  expect(html).toContain(">Cell 2, line 3:5</button>");
  expect(html).toContain(">Cell 2, line 1:10</button>");
  expect(html).toContain("at &lt;anonymous&gt;");
});

test("graph errors link the cells they name; an internal error shows only its id", () => {
  const html = render([
    { type: "error", error: { kind: "multiple-defs", message: "", name: "x", cells: ["c2", "gone"] } },
    { type: "error", error: { kind: "internal", errorId: "ab12cd34" } },
  ]);
  expect(html).toContain('data-testid="error-cell">Cell 2</button>');
  expect(html).toContain('data-testid="error-cell">a deleted cell</button>');
  const internal = html.slice(html.lastIndexOf("<div", html.indexOf('data-kind="internal"')));
  expect(internal).toContain("Internal error (id ab12cd34)");
  expect(internal.replace(/<[^>]+>/g, "")).toBe("Internal error (id ab12cd34)");
});

test("entries this version cannot read are named, not rendered; stale outputs are marked", () => {
  const html = render([{ type: "hologram" }, { type: "stream", name: "stdout", text: "ok" }], true);
  expect(html).toContain("cannot be shown");
  expect(html).toContain("outputs outputs-stale");
  expect(render([])).toBe("");
});

test("without a DOM to sanitize with, HTML outputs render nothing rather than raw markup", () => {
  expect(sanitizeOutputHtml('<img src=x onerror="alert(1)">')).toBe("");
  const html = render([{ type: "html", html: '<img src=x onerror="alert(1)">' }]);
  expect(html).not.toContain("onerror");
});
