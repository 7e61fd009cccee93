import type { SchemaFieldView } from "@/protocol/datasets";

/** One column of a schema compared with the previous version's. */
export interface SchemaChange {
  name: string;
  status: "added" | "removed" | "changed" | "unchanged";
  /** What changed about a column present in both. */
  changes: Array<"type" | "nullable">;
  before: SchemaFieldView | null;
  after: SchemaFieldView | null;
}

type Fields = readonly SchemaFieldView[] | null | undefined;

/**
 * Compares two schemas column by column (by name): the newer version's columns
 * in their order, then the columns it dropped. A nullability that one side did
 * not record is not a change.
 *
 * @example
 * diffSchemas([{ name: "id", type: "BIGINT" }], [{ name: "id", type: "VARCHAR" }, { name: "email" }])
 * // [{ name: "id", status: "changed", changes: ["type"], … }, { name: "email", status: "added", … }]
 */
export function diffSchemas(before: Fields, after: Fields): SchemaChange[] {
  const old = new Map((before ?? []).map((f) => [f.name, f]));
  const kept = new Set((after ?? []).map((f) => f.name));
  const rows: SchemaChange[] = (after ?? []).map((field) => {
    const previous = old.get(field.name);
    if (!previous) return { name: field.name, status: "added", changes: [], before: null, after: field };
    const changes: SchemaChange["changes"] = [];
    if ((previous.type ?? null) !== (field.type ?? null)) changes.push("type");
    if (previous.nullable !== undefined && field.nullable !== undefined && previous.nullable !== field.nullable) changes.push("nullable");
    return { name: field.name, status: changes.length ? "changed" : "unchanged", changes, before: previous, after: field };
  });
  for (const field of before ?? []) {
    if (!kept.has(field.name)) rows.push({ name: field.name, status: "removed", changes: [], before: field, after: null });
  }
  return rows;
}

/** "2 added, 1 removed, 1 changed", or "no changes". */
export function summarizeSchemaDiff(rows: readonly SchemaChange[]): string {
  const count = (status: SchemaChange["status"]) => rows.filter((r) => r.status === status).length;
  const parts = (["added", "removed", "changed"] as const).filter((s) => count(s) > 0).map((s) => `${count(s)} ${s}`);
  return parts.length ? parts.join(", ") : "no changes";
}
