import type { ColumnSchema, Dataset } from "./dataset";
import { DataError } from "./errors";
import { isNumericType, quoteIdent } from "./sql";

/**
 * The named columns of a dataset, failing with every unknown name listed
 * (a typo should not quietly check nothing).
 * @example
 * const [age] = requireColumns(ds, ["age"]); // throws listing every unknown name
 */
export function requireColumns(dataset: Dataset, names: readonly string[]): ColumnSchema[] {
  const missing = names.filter((n) => !dataset.column(n));
  if (missing.length > 0) {
    throw new DataError("schema_mismatch", `unknown column(s): ${missing.join(", ")}; the dataset has ${dataset.columns.map((c) => c.name).join(", ")}`, { columns: missing });
  }
  return names.map((n) => dataset.column(n)!);
}

/**
 * Like requireColumns, and every one must be numeric.
 * @example
 * requireNumericColumns(ds, ["price", "qty"]);
 */
export function requireNumericColumns(dataset: Dataset, names: readonly string[]): ColumnSchema[] {
  const columns = requireColumns(dataset, names);
  const wrong = columns.filter((c) => !isNumericType(c.type));
  if (wrong.length > 0) {
    throw new DataError("schema_mismatch", `not numeric: ${wrong.map((c) => `${c.name} (${c.type})`).join(", ")}`, { columns: wrong.map((c) => c.name) });
  }
  return columns;
}

/**
 * The dataset's numeric columns (the default target of numeric operations).
 * @example
 * numericColumns(ds).map((c) => c.name); // ["id", "price"]
 */
export function numericColumns(dataset: Dataset): ColumnSchema[] {
  return dataset.columns.filter((c) => isNumericType(c.type));
}

/**
 * A SELECT list of every column, with some replaced by expressions (keeping
 * the column order and names).
 * @example
 * selectReplacing(ds, new Map([["name", 'trim("name")']])); // '"id", trim("name") AS "name"'
 */
export function selectReplacing(dataset: Dataset, replacements: ReadonlyMap<string, string>): string {
  return dataset.columns
    .map((c) => (replacements.has(c.name) ? `${replacements.get(c.name)} AS ${quoteIdent(c.name)}` : quoteIdent(c.name)))
    .join(", ");
}
