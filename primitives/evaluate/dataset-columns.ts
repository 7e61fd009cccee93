import { requireColumns } from "../data/columns";
import type { Dataset } from "../data/dataset";
import type { DataEngine } from "../data/engine";
import { isNumericType, quoteIdent } from "../data/sql";
import { EvaluateError } from "./errors";

/**
 * How a column is read: labels (integers, strings, booleans), numbers
 * (scores, values, weights: any numeric type, as DOUBLE), or groups (any
 * type; dates and other types as text; missing values kept as null).
 */
export type ColumnRole = "label" | "number" | "group";

/** The most rows one evaluation copies out of the engine. */
export const MAX_EVALUATION_ROWS = 5_000_000;

/**
 * Reads whole columns of a dataset in row order, one aggregate query
 * (DuckDB builds each column as one list). Label and number columns must
 * have no missing values (NULL or NaN): the error names the column, the
 * count and the first row.
 * @example
 * const [label, score] = await readColumns(engine, ds, [{ column: "label", role: "label" }, { column: "p", role: "number" }]);
 */
export async function readColumns(engine: DataEngine, dataset: Dataset, specs: ReadonlyArray<{ column: string; role: ColumnRole }>): Promise<unknown[][]> {
  const schemas = requireColumns(dataset, specs.map((s) => s.column));
  if (dataset.rowCount > MAX_EVALUATION_ROWS) {
    throw new EvaluateError("too_large", `${dataset.rowCount} rows is more than one evaluation reads (${MAX_EVALUATION_ROWS}); evaluate a sample or a split`, { rows: dataset.rowCount, max: MAX_EVALUATION_ROWS });
  }
  const selects: string[] = [];
  const checks: string[] = [];
  specs.forEach((spec, i) => {
    const schema = schemas[i]!;
    const col = quoteIdent(schema.name);
    const expr = columnExpression(spec.role, schema.name, schema.type);
    selects.push(`list(${expr} ORDER BY rowid) AS c${i}`);
    if (spec.role !== "group") {
      const missing = schema.type === "DOUBLE" || schema.type === "FLOAT" ? `${col} IS NULL OR isnan(${col})` : `${col} IS NULL`;
      checks.push(`count(*) FILTER (WHERE ${missing}) AS m${i}`, `min(rowid) FILTER (WHERE ${missing}) AS f${i}`);
    }
  });
  if (checks.length > 0) {
    const [row] = await engine.query(`SELECT ${checks.join(", ")} FROM ${dataset.table}`);
    specs.forEach((spec, i) => {
      const count = Number(row![`m${i}`] ?? 0);
      if (count > 0) {
        throw new EvaluateError("non_finite", `column ${spec.column} has ${count} missing value(s) (NULL or NaN), first at row ${String(row![`f${i}`])}; drop or fill them before evaluating`, { column: spec.column, count });
      }
    });
  }
  const [lists] = await engine.query(`SELECT ${selects.join(", ")} FROM ${dataset.table}`);
  return specs.map((_, i) => (lists![`c${i}`] as unknown[] | null) ?? []);
}

function columnExpression(role: ColumnRole, name: string, type: string): string {
  const col = quoteIdent(name);
  if (role === "number") {
    if (!isNumericType(type)) {
      throw new EvaluateError("schema_mismatch", `column ${name} is ${type}, not numeric; scores, values and weights must be numbers`, { column: name, type });
    }
    return `CAST(${col} AS DOUBLE)`;
  }
  if (role === "label") {
    if (type === "VARCHAR" || type === "BOOLEAN") return col;
    if (type.startsWith("DECIMAL") || type === "FLOAT" || type === "DOUBLE" || type === "HUGEINT" || type === "UHUGEINT" || type === "UBIGINT") return `CAST(${col} AS DOUBLE)`;
    if (isNumericType(type)) return col;
    throw new EvaluateError("schema_mismatch", `column ${name} is ${type}; class labels must be integers, strings or booleans`, { column: name, type });
  }
  if (type === "VARCHAR" || type === "BOOLEAN" || /INT/.test(type)) return col;
  // Decimals and floats group by their double value; dates and other types by their text.
  return isNumericType(type) ? `CAST(${col} AS DOUBLE)` : `CAST(${col} AS VARCHAR)`;
}
