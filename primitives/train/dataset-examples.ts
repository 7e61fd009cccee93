/**
 * Reading training examples out of a Dataset (host side: the rows go from
 * DuckDB into host memory, never into the isolate). Types and missing values
 * are checked in SQL first, so a bad column is named with its count of bad
 * rows before anything is copied.
 */
import type { DataEngine } from "../data/engine";
import type { ColumnSchema, Dataset } from "../data/dataset";
import { requireColumns } from "../data/columns";
import { isNumericType, quoteIdent } from "../data/sql";
import { TrainError } from "./errors";
import { checkSize, type Examples, type FeatureMatrix, type TargetValue } from "./matrix";

export interface ExampleColumns {
  /** Feature columns; by default every column but the target. */
  features?: readonly string[];
  target: string;
  /** "number" for regression targets, "label" for classes. */
  targetKind: "number" | "label";
}

/**
 * Features and target of every row, in table order.
 * @example
 * const { x, y } = await readExamples(engine, ds, { target: "price", targetKind: "number" });
 */
export async function readExamples(engine: DataEngine, dataset: Dataset, columns: ExampleColumns): Promise<Examples> {
  const [target] = requireColumns(dataset, [columns.target]);
  const features = pickFeatures(dataset, columns.features, columns.target);
  await checkComplete(engine, dataset, features, target!, columns.targetKind);
  const rows = await readRowsAsNumbers(engine, dataset, features, { column: target!, kind: columns.targetKind });
  const x = toMatrix(rows, features);
  const y = rows.map((row) => row.__target as TargetValue);
  return { x, y };
}

/**
 * The named feature columns of every row, in table order (prediction input).
 * @example
 * const x = await readFeatures(engine, ds, model.features);
 */
export async function readFeatures(engine: DataEngine, dataset: Dataset, features: readonly string[]): Promise<FeatureMatrix> {
  const columns = pickFeatures(dataset, features, null);
  await checkComplete(engine, dataset, columns, null, "number");
  return toMatrix(await readRowsAsNumbers(engine, dataset, columns, null), columns);
}

/** The feature columns, every one numeric (or boolean, read as 0/1). */
function pickFeatures(dataset: Dataset, names: readonly string[] | undefined, target: string | null): ColumnSchema[] {
  if (names && names.length === 0) throw new TrainError("invalid_argument", "features is empty; name at least one column or leave it out to use every column but the target");
  if (names && target !== null && names.includes(target)) {
    throw new TrainError("invalid_argument", `the target ${target} is also listed as a feature`, { column: target });
  }
  const columns = names ? requireColumns(dataset, names) : dataset.columns.filter((c) => c.name !== target);
  if (columns.length === 0) throw new TrainError("invalid_argument", `the dataset has no column besides the target ${target ?? ""}`);
  const wrong = columns.filter((c) => !isNumericType(c.type) && c.type !== "BOOLEAN");
  if (wrong.length > 0) {
    throw new TrainError(
      "non_numeric_feature",
      `not numeric: ${wrong.map((c) => `${c.name} (${c.type})`).join(", ")}; encode these columns with a FeatureSet transform, or leave them out of features`,
      { columns: wrong.map((c) => c.name) },
    );
  }
  checkSize(dataset.rowCount, columns.length);
  return columns;
}

/** One SQL pass counting NULL and non-finite values per column; names every bad column. */
async function checkComplete(
  engine: DataEngine, dataset: Dataset, features: ColumnSchema[], target: ColumnSchema | null, targetKind: "number" | "label",
): Promise<void> {
  if (dataset.rowCount === 0) throw new TrainError("invalid_argument", `dataset ${dataset.id} has no rows`);
  const checked = target ? [...features, target] : features;
  const counts = checked.map((c, i) => {
    const numeric = c !== target || targetKind === "number";
    const bad = numeric && c.type !== "BOOLEAN"
      ? `${quoteIdent(c.name)} IS NULL OR NOT isfinite(CAST(${quoteIdent(c.name)} AS DOUBLE))`
      : `${quoteIdent(c.name)} IS NULL`;
    return `count(*) FILTER (WHERE ${bad}) AS c${i}`;
  });
  if (target && targetKind === "number" && !isNumericType(target.type)) {
    throw new TrainError("non_numeric_feature", `the target ${target.name} is ${target.type}; a regression needs a numeric target`, { column: target.name });
  }
  const [row] = await engine.query(`SELECT ${counts.join(", ")} FROM ${dataset.table}`);
  const bad = checked.map((c, i) => ({ column: c.name, rows: Number(row?.[`c${i}`] ?? 0) })).filter((b) => b.rows > 0);
  if (bad.length > 0) {
    throw new TrainError(
      "missing_values",
      `missing or non-finite values (NULL, NaN, Infinity): ${bad.map((b) => `${b.column} in ${b.rows} row(s)`).join(", ")}; drop or fill them first`,
      { columns: bad.map((b) => ({ column: b.column, rows: b.rows })) },
    );
  }
}

async function readRowsAsNumbers(
  engine: DataEngine, dataset: Dataset, features: ColumnSchema[], target: { column: ColumnSchema; kind: "number" | "label" } | null,
) {
  const list = features.map((c, i) => `CAST(${quoteIdent(c.name)} AS DOUBLE) AS f${i}`);
  // Numeric targets read as doubles: DECIMAL and BIGINT would otherwise arrive as strings past 2^53 or as decimals.
  if (target) list.push(`${target.kind === "number" ? `CAST(${quoteIdent(target.column.name)} AS DOUBLE)` : quoteIdent(target.column.name)} AS __target`);
  return engine.query(`SELECT ${list.join(", ")} FROM ${dataset.table} ORDER BY rowid`);
}

function toMatrix(rows: Array<Record<string, unknown>>, features: ColumnSchema[]): FeatureMatrix {
  const cols = features.length;
  const values = new Float32Array(rows.length * cols);
  rows.forEach((row, r) => {
    for (let c = 0; c < cols; c++) values[r * cols + c] = row[`f${c}`] as number;
  });
  return { rows: rows.length, cols, values, columns: features.map((c) => c.name) };
}
