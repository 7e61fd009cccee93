import path from "node:path";
import { describe, expect, expectTypeOf, it } from "vitest";
import { cellDiagnostics as diagnosticsOf, documentedMembers, ROOT, TYPES } from "../../../primitives/types/testing";

const DECLARATIONS = path.join(TYPES, "tracebook.d.ts");
const PRELUDE = path.join(ROOT, "kernel/process/sandbox/prelude/index.ts");

const VALID_CELL = `
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
export async function cell() {
  display.table([{ a: 1, b: "x" }], { columns: ["a"], caption: "c", pageSize: 10 });
  display.table([[1, 2], [3, 4]]);
  display.chart({ mark: "bar", data: { values: [] } });
  display.markdown("# hi");
  display.html("<b>x</b>");
  const bar = display.progress({ label: "epochs", total: 3 });
  bar.update(1, { label: "one", total: 4 });
  bar.increment();
  bar.increment(2);
  bar.done();
  const id: string = bar.id;
  const slept: Promise<void> = sleep(10);
  await slept;
  console.log("x", 1, { a: 1 });
  console.info("i"); console.debug("d"); console.warn("w"); console.error(new Error("e"));
  const rate: unknown = params.rate;
  const handleIsProgress: Equal<ReturnType<typeof display.progress>, ProgressHandle> = true;
  return { id, rate, handleIsProgress };
}
`;

const MISUSES = [
  "display.table(5);",
  'display.table([{ a: 1 }], { pageSize: "10" });',
  'display.chart("spec");',
  "display.markdown(1);",
  "display.html();",
  "display.progress({ total: 3 });",
  'display.progress({ label: "x" }).update("1");',
  'sleep("1");',
  "params.rate = 2;",
  "display = null;",
  'console.table([]);',
];

describe("primitives/types/tracebook.d.ts", () => {
  it("type-checks the sandbox prelude against the cell declarations with no DOM or Node types", () => {
    expect(diagnosticsOf([DECLARATIONS, PRELUDE])).toEqual([]);
  }, 60_000);

  it("accepts the documented uses of the cell globals and rejects each misuse", () => {
    const misuses = MISUSES.map((line) => `// @ts-expect-error\n${line}`).join("\n");
    const source = `${VALID_CELL}\nexport function misuse() {\n${misuses}\n}\n`;
    expect(diagnosticsOf([DECLARATIONS], source)).toEqual([]);
  }, 60_000);

  it("the check is live: an unmarked misuse is reported", () => {
    const errors = diagnosticsOf([DECLARATIONS], `export {};\ndisplay.table(5);\n`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("__virtual_cell__.ts");
  }, 60_000);

  it("documents every global and member with an @example", () => {
    const members = documentedMembers(DECLARATIONS, ["ProgressHandle", "TracebookDisplay", "Console"]);
    const checked = members.map((m) => m.name);
    expect(checked).toEqual(expect.arrayContaining(["display", "params", "sleep", "console", "ProgressHandle.update", "TracebookDisplay.table", "Console.error"]));
    expect(checked).toHaveLength(17);
    expect(members.filter((m) => !m.example).map((m) => m.name)).toEqual([]);
  });

  it("declares the public API types (checked by the project's tsc)", () => {
    expectTypeOf<typeof display.progress>().returns.toEqualTypeOf<ProgressHandle>();
    expectTypeOf<typeof sleep>().returns.toEqualTypeOf<Promise<void>>();
    expectTypeOf<typeof display.table>().parameter(1).toEqualTypeOf<TracebookTableOptions | undefined>();
    expectTypeOf<ProgressHandle["update"]>().parameter(0).toBeNumber();
  });
});
