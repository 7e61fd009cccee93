import path from "node:path";
import { describe, expect, expectTypeOf, it } from "vitest";
import { DATA_FUNCTIONS } from "../data/kernel/names";
import { cellDiagnostics, documentedMembers, TYPES } from "./testing";

const DATA = path.join(TYPES, "data.d.ts");
const GLOBALS = path.join(TYPES, "tracebook.d.ts");

const VALID_CELL = `
export async function cell() {
  const files: DataFile[] = await data.files();
  const { dataset: raw, report } = await data.load("sales.csv", { format: "csv", skipBadLines: true, columnTypes: { id: "BIGINT" } });
  const rows: number = report.rowCount;
  const web = await data.loadUrl("https://example.org/x.csv", { timeoutMs: 1000, maxBytes: 10 });
  const info: DatasetInfo = await data.info(raw);
  const first: DataRow[] = await data.head(raw, 5);
  await data.rows(raw, { offset: 1, limit: 2, columns: ["id"] });
  const contract: DataContract = { columns: { id: { type: "integer", nullable: false, unique: true }, price: { min: 0, mostly: 0.99 } } };
  const checked: boolean = (await data.validate(raw, contract)).ok;
  await data.expectValid(raw, contract);
  const inferred: DataContract = await data.inferContract(raw);
  const profile = await data.profile(raw, { bins: 10, display: false });
  const nulls: number = profile.columns[0]!.nulls;
  const { dataset: a } = await data.dropNulls(raw, { columns: ["price"], how: "all" });
  const { dataset: b } = await data.fillNulls(a, { price: { strategy: "median" }, city: "unknown", n: { value: 0 } });
  const { dataset: c } = await data.trim(b, { emptyAsNull: true });
  const { dataset: d, report: coerced } = await data.coerce(c, { price: "number" }, { strict: false });
  const failed: number = coerced.columns.price!.failed;
  const { dataset: e } = await data.normalize(d, { method: "zscore" });
  const { dataset: f, report: deduped } = await data.dedupe(e, { keys: ["id"], keep: "last", orderBy: "ts" });
  const dropped: number = deduped.dropped;
  const { dataset: outliers } = await data.detectAnomalies(f, { method: "iqr", threshold: 1.5 });
  const { splits } = await data.randomSplit(f, { fractions: { train: 0.8, test: 0.2 }, seed: 1 });
  await data.stratifiedSplit(f, { column: "label", fractions: { a: 0.5, b: 0.5 }, seed: 2 });
  await data.timeSplit(f, { column: "ts", names: ["train", "test"], cutoffs: ["2024-01-01"] });
  await data.timeSplit(f, { column: "ts", fractions: { train: 0.9, test: 0.1 } });
  const leak: boolean = (await data.checkLeakage(splits, { keys: ["id"] })).ok;
  await data.expectNoLeakage({ train: splits.train!, test: splits.test! }, { keys: ["id"] });
  const kind: "Dataset" = outliers.kind;
  return { files, rows, web, info, first, checked, inferred, nulls, failed, dropped, leak, kind };
}
`;

const MISUSES = [
  "data.load(5);",
  'data.load("x.csv", { format: "xlsx" });',
  'data.load("x.csv", { delimeter: ";" });',
  "data.head({ id: 1 });",
  'data.dropNulls(ds, { how: "some" });',
  'data.normalize(ds, {});',
  'data.dedupe(ds, { keys: "id" });',
  'data.randomSplit(ds, { fractions: { train: 0.8 } });',
  'data.validate(ds, { columns: { id: { type: "int" } } });',
  'data.checkLeakage(ds, { keys: ["id"] });',
  "data = null;",
];

describe("primitives/types/data.d.ts", () => {
  it("accepts the documented uses of data.* and rejects each misuse", () => {
    const misuses = MISUSES.map((line) => `// @ts-expect-error\n${line}`).join("\n");
    const source = `${VALID_CELL}\nexport function misuse(ds: Dataset) {\n${misuses}\n}\n`;
    expect(cellDiagnostics([GLOBALS, DATA], source)).toEqual([]);
  }, 60_000);

  it("the check is live: an unmarked misuse is reported", () => {
    expect(cellDiagnostics([GLOBALS, DATA], `export {};\ndata.load(5);\n`)).toHaveLength(1);
  }, 60_000);

  it("declares exactly the functions the kernel registers, each with an @example", () => {
    const members = documentedMembers(DATA, ["TracebookData"]);
    const functions = members.filter((m) => m.name.startsWith("TracebookData.")).map((m) => m.name.slice("TracebookData.".length));
    expect(functions.sort()).toEqual([...DATA_FUNCTIONS].sort());
    expect(members.map((m) => m.name)).toContain("data");
    expect(members.filter((m) => !m.example).map((m) => m.name)).toEqual([]);
  });

  it("declares the public API types (checked by the project's tsc)", () => {
    expectTypeOf<ReturnType<TracebookData["load"]>>().toEqualTypeOf<Promise<DataResult<DataLoadReport>>>();
    expectTypeOf<TracebookData["head"]>().parameter(0).toEqualTypeOf<Dataset>();
    expectTypeOf<Awaited<ReturnType<TracebookData["randomSplit"]>>["splits"]>().toEqualTypeOf<Record<string, Dataset>>();
  });
});
