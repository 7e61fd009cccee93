import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Dataset } from "./dataset";
import { DataError } from "./errors";
import { loadFile } from "./load";
import { inferContract, inferSchema } from "./schema";
import { expectValid, validate } from "./validate";
import { openFixture, type DataFixture } from "./testing";

let fx: DataFixture;
let people: Dataset;
// 8 rows. Hand-checked failures are noted per test.
const CSV = [
  "id,age,country,email,joined",
  "1,34,FR,ann@x.org,2024-01-05",
  "2,-1,DE,bob@x.org,2024-02-10",
  "3,200,US,cy-at-x.org,2024-03-15",
  "3,41,FR,dee@x.org,",
  "5,,DE,eve@x.org,2024-05-01",
  "6,27,FR,,2023-12-31",
  "7,55,XX,gus@x.org,2024-06-30",
  "8,19,DE,hal@x.org,2024-07-04",
].join("\n");

beforeAll(async () => {
  fx = await openFixture();
  people = (await loadFile(fx.engine, await fx.write("people.csv", CSV))).dataset;
});
afterAll(async () => { await fx.close(); });

describe("inferSchema / inferContract", () => {
  it("reads types and null counts", async () => {
    expect(await inferSchema(fx.engine, people)).toEqual([
      { name: "id", type: "BIGINT", kind: "integer", nullCount: 0, nullable: false },
      { name: "age", type: "BIGINT", kind: "integer", nullCount: 1, nullable: true },
      { name: "country", type: "VARCHAR", kind: "string", nullCount: 0, nullable: false },
      { name: "email", type: "VARCHAR", kind: "string", nullCount: 1, nullable: true },
      { name: "joined", type: "DATE", kind: "date", nullCount: 1, nullable: true },
    ]);
    const contract = await inferContract(fx.engine, people);
    expect(contract.columns.id).toEqual({ type: "integer", nullable: false });
    expect((await validate(fx.engine, people, contract)).ok).toBe(true);
  });
});

describe("validate", () => {
  it("reports every failing rule with counts and bounded samples", async () => {
    const report = await validate(fx.engine, people, {
      columns: {
        id: { unique: true, nullable: false },
        age: { type: "integer", nullable: false, min: 0, max: 130 },
        country: { allowed: ["FR", "DE", "US"] },
        email: { regex: "[a-z]+@[a-z]+\\.org", nullable: false },
        joined: { min: "2024-01-01" },
      },
    }, { sampleSize: 1 });
    expect(report.ok).toBe(false);
    const summary = report.failures.map((f) => [f.column, f.rule, f.failing, f.checked]);
    expect(summary).toEqual([
      ["id", "unique", 2, 8], // rows 2 and 3 share id 3
      ["age", "nullable", 1, 8],
      ["age", "min", 1, 7], // -1
      ["age", "max", 1, 7], // 200
      ["country", "allowed", 1, 8], // XX
      ["email", "nullable", 1, 8],
      ["email", "regex", 1, 7], // cy-at-x.org
      ["joined", "min", 1, 7], // 2023-12-31
    ]);
    const idFailure = report.failures[0]!;
    expect(idFailure.samples).toEqual([{ __row: 2, id: 3, age: 200, country: "US", email: "cy-at-x.org", joined: "2024-03-15" }]);
    expect(report.failures.find((f) => f.rule === "regex")!.samples[0]!.__row).toBe(2);
    // Passing rules are in results too.
    expect(report.results.find((r) => r.column === "id" && r.rule === "nullable")).toMatchObject({ passed: true, failing: 0 });
  });

  it("lets a rule pass within its mostly fraction", async () => {
    const strict = await validate(fx.engine, people, { columns: { country: { allowed: ["FR", "DE", "US"] } } });
    expect(strict.ok).toBe(false);
    // 7 of 8 = 0.875 pass
    const loose = await validate(fx.engine, people, { columns: { country: { allowed: ["FR", "DE", "US"], mostly: 0.875 } } });
    expect(loose.ok).toBe(true);
    expect(loose.results[0]).toMatchObject({ failing: 1, checked: 8, passed: true });
    const tighter = await validate(fx.engine, people, { columns: { country: { allowed: ["FR", "DE", "US"], mostly: 0.9 } } });
    expect(tighter.ok).toBe(false);
  });

  it("checks types of text columns by parsing them", async () => {
    const ds = (await loadFile(fx.engine, await fx.write("t.csv", "v\n1\n2.5\nabc\n4\n"))).dataset;
    const report = await validate(fx.engine, ds, { columns: { v: { type: "integer" } } });
    expect(report.failures.map((f) => [f.rule, f.failing, f.samples.map((s) => s.v)])).toEqual([["type", 2, ["2.5", "abc"]]]);
    const asNumber = await validate(fx.engine, ds, { columns: { v: { type: "number", min: 2 } } });
    expect(asNumber.failures.map((f) => [f.rule, f.failing])).toEqual([["type", 1], ["min", 1]]);
  });

  it("names missing and unexpected columns, and expectValid throws listing them", async () => {
    const contract = { columns: { id: {}, age: { type: "string" as const }, salary: {}, team: {} }, allowExtraColumns: false };
    const report = await validate(fx.engine, people, contract);
    expect(report.missingColumns).toEqual(["salary", "team"]);
    expect(report.unexpectedColumns).toEqual(["country", "email", "joined"]);
    const error = await expectValid(fx.engine, people, contract).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).code).toBe("schema_mismatch");
    expect((error as DataError).details.columns).toEqual(["salary", "team", "country", "email", "joined", "age"]);
    expect((error as DataError).message).toContain("salary");
  });

  it("rejects a malformed contract", async () => {
    await expect(validate(fx.engine, people, { columns: { age: { minimum: 3 } } } as never)).rejects.toThrow(/minimum/);
  });
});

describe("validate, bad rules", () => {
  it("turns an invalid regex into an invalid_argument error", async () => {
    const error = await validate(fx.engine, people, { columns: { email: { regex: "(" } } }).then(() => null, (e: unknown) => e);
    expect((error as DataError).code).toBe("invalid_argument");
  });
});
