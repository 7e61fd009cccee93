import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { CellContent } from "./content";
import { parseIpynb } from "./ipynb";
import { parsePercent, toPercent } from "./percent";

const SAMPLES = path.resolve(import.meta.dirname, "../../shared/data/ipynb");

const shape = (cells: CellContent[]) => cells.map(({ kind, source, metadata }) => ({ kind, source, metadata }));
const cell = (kind: "code" | "markdown", source: string, metadata: Record<string, unknown> = {}): CellContent => ({
  id: `c-${Math.random().toString(36).slice(2)}`,
  kind,
  source,
  metadata,
  outputs: [],
  executionCount: null,
});
const roundTrip = (cells: CellContent[]) => shape(parsePercent(toPercent({ cells, metadata: {} })).cells);

describe("percent format", () => {
  it("reads plain and [markdown] markers, commented markdown lines and blank separators", () => {
    const text = [
      "// %% [markdown]",
      "// # Title",
      "//",
      "// Some *text*.",
      "",
      "// %%",
      "const x = 1;",
      "",
      "console.log(x);",
      "",
      "// %% [md]",
      "// short alias",
      "",
    ].join("\n");
    expect(shape(parsePercent(text).cells)).toEqual([
      { kind: "markdown", source: "# Title\n\nSome *text*.", metadata: {} },
      { kind: "code", source: "const x = 1;\n\nconsole.log(x);", metadata: {} },
      { kind: "markdown", source: "short alias", metadata: {} },
    ]);
  });

  it("reads Jupytext titles and key=value metadata, and [raw] cells", () => {
    const text = [
      '// %% Load the data [markdown] tags=["intro"] slideshow={"slide_type": "slide"}',
      "// hello",
      "",
      '// %% Train key="value" n=3 flag=true',
      "train();",
      "",
      "// %% [raw]",
      "// \\LaTeX",
    ].join("\n");
    expect(shape(parsePercent(text).cells)).toEqual([
      { kind: "markdown", source: "hello", metadata: { title: "Load the data", tags: ["intro"], slideshow: { slide_type: "slide" } } },
      { kind: "code", source: "train();", metadata: { title: "Train", key: "value", n: 3, flag: true } },
      { kind: "markdown", source: "\\LaTeX", metadata: { tracebook: { raw: true } } },
    ]);
  });

  it("skips a Jupytext YAML header, keeps code before the first marker, accepts CRLF", () => {
    const text = [
      "// ---",
      "// jupyter:",
      "//   jupytext:",
      "//     formats: ts:percent",
      "// ---",
      "import { a } from './a';",
      "",
      "// %%",
      "a();",
    ].join("\r\n");
    expect(shape(parsePercent(text).cells)).toEqual([
      { kind: "code", source: "import { a } from './a';", metadata: {} },
      { kind: "code", source: "a();", metadata: {} },
    ]);
    expect(parsePercent("").cells).toEqual([]);
  });

  it("writes the format Jupytext writes", () => {
    const text = toPercent({
      metadata: {},
      cells: [cell("markdown", "# Title\n\ntext"), cell("code", "const x = 1;", { title: "Setup", tags: ["a"] }), cell("code", "")],
    });
    expect(text).toBe('// %% [markdown]\n// # Title\n//\n// text\n\n// %% Setup tags=["a"]\nconst x = 1;\n\n// %%\n');
  });

  it("round-trips the sample notebooks' cells", () => {
    for (const name of ["test4.ipynb", "test4.5.ipynb"]) {
      const { cells } = parseIpynb(readFileSync(path.join(SAMPLES, name), "utf8"));
      expect(roundTrip(cells)).toEqual(shape(cells));
    }
  });

  it("round-trips sources with blank lines, trailing newlines and lines that look like markers", () => {
    const cells = [
      cell("code", ""),
      cell("code", "\n\n"),
      cell("code", "x\n"),
      cell("code", "// %%\n//%% two\n// // %% nested\n  // %% indented\n// %%not-a-marker"),
      cell("markdown", "%% starts like a marker\n// %% already commented\n\n"),
      cell("markdown", ""),
      cell("code", "a", { title: 'needs "quotes" = and [brackets]' }),
      cell("code", "b", { title: "  spaced  " }),
      cell("markdown", "raw text", { tracebook: { raw: true }, format: "text/latex" }),
      cell("code", "last\n\n"),
    ];
    expect(roundTrip(cells)).toEqual(shape(cells));
  });

  it("round-trips random cells", () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pieces = ["", " ", "x", "// %%", "//", "// ", "%%", "// %% [markdown]", "\t// %%", "const a = 1;", "#", "\"q\""];
    for (let run = 0; run < 200; run++) {
      const cells = Array.from({ length: 1 + Math.floor(random() * 5) }, () => {
        const lines = Array.from({ length: Math.floor(random() * 5) }, () => pieces[Math.floor(random() * pieces.length)]!);
        return cell(random() < 0.5 ? "code" : "markdown", lines.join("\n"));
      });
      expect(roundTrip(cells)).toEqual(shape(cells));
    }
  });
});
