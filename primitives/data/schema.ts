import type { DataEngine } from "./engine";
import type { ColumnKind, Dataset } from "./dataset";
import type { Contract } from "./contract";
import { quoteIdent } from "./sql";

export interface InferredColumn {
  name: string;
  type: string;
  kind: ColumnKind;
  nullCount: number;
  nullable: boolean;
}

/**
 * The schema of a dataset as read: each column's DuckDB type, kind and how
 * many nulls it holds (one scan).
 * @example
 * const cols = await inferSchema(engine, ds);
 * // [{ name: "id", type: "BIGINT", kind: "integer", nullCount: 0, nullable: false }, …]
 */
export async function inferSchema(engine: DataEngine, dataset: Dataset): Promise<InferredColumn[]> {
  const counts = dataset.columns.map((c, i) => `count(*) - count(${quoteIdent(c.name)}) AS n${i}`).join(", ");
  const [row] = await engine.query(`SELECT ${counts} FROM ${dataset.table}`);
  return dataset.columns.map((c, i) => {
    const nullCount = Number(row![`n${i}`]);
    return { name: c.name, type: c.type, kind: c.kind, nullCount, nullable: nullCount > 0 };
  });
}

/**
 * A starting contract from the data: each column's type and whether it may be
 * null, as observed. Edit it (ranges, allowed values, …) and validate later
 * versions against it.
 * @example
 * const contract = await inferContract(engine, ds);
 * contract.columns.age; // { type: "integer", nullable: false }
 */
export async function inferContract(engine: DataEngine, dataset: Dataset): Promise<Contract> {
  const columns: Contract["columns"] = {};
  for (const col of await inferSchema(engine, dataset)) {
    const type = contractTypeOf(col.kind);
    columns[col.name] = type ? { type, nullable: col.nullable } : { nullable: col.nullable };
  }
  return { columns, allowExtraColumns: false };
}

function contractTypeOf(kind: ColumnKind): Contract["columns"][string]["type"] {
  switch (kind) {
    case "integer": return "integer";
    case "float": case "decimal": return "number";
    case "string": return "string";
    case "boolean": return "boolean";
    case "date": return "date";
    case "timestamp": return "timestamp";
    default: return undefined;
  }
}
