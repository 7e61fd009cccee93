import { describe, expect, it } from "vitest";
import { v1Schema, v2Schema } from "@/primitives/lineage/dataset-fixture";
import { diffSchemas, summarizeSchemaDiff } from "./schema-diff";

describe("diffSchemas", () => {
  it("finds added, removed and changed columns, newer order first, dropped ones after", () => {
    const rows = diffSchemas(
      [{ name: "id", type: "BIGINT" }, { name: "age", type: "INTEGER" }, { name: "name", type: "VARCHAR", nullable: false }],
      [{ name: "name", type: "VARCHAR", nullable: true }, { name: "id", type: "VARCHAR" }, { name: "email", type: "VARCHAR" }],
    );
    expect(rows.map((r) => [r.name, r.status, r.changes.join("+")])).toEqual([
      ["name", "changed", "nullable"],
      ["id", "changed", "type"],
      ["email", "added", ""],
      ["age", "removed", ""],
    ]);
    expect(summarizeSchemaDiff(rows)).toBe("1 added, 1 removed, 2 changed");
  });

  it("reads the fixture's versions: name became nullable, email added", () => {
    const rows = diffSchemas(v1Schema.fields, v2Schema.fields);
    expect(rows.filter((r) => r.status !== "unchanged").map((r) => `${r.name}:${r.status}`)).toEqual(["name:changed", "email:added"]);
  });

  it("treats an unrecorded nullability as no change, and a missing schema as empty", () => {
    expect(diffSchemas([{ name: "a", type: "INT", nullable: true }], [{ name: "a", type: "INT" }])[0]!.status).toBe("unchanged");
    expect(diffSchemas(null, [{ name: "a" }]).map((r) => r.status)).toEqual(["added"]);
    expect(diffSchemas([{ name: "a" }], undefined).map((r) => r.status)).toEqual(["removed"]);
    expect(summarizeSchemaDiff(diffSchemas([{ name: "a" }], [{ name: "a" }]))).toBe("no changes");
  });
});
