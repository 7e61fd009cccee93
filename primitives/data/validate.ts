import type { DataEngine, Row } from "./engine";
import type { ColumnSchema, Dataset } from "./dataset";
import { parseContract, type ColumnRule, type Contract } from "./contract";
import { DataError, describeError, type JsonValue } from "./errors";
import { isNumericType, quoteIdent, quoteLiteral, toSqlLiteral } from "./sql";

export type RuleName = "present" | "extra" | "type" | "nullable" | "min" | "max" | "allowed" | "regex" | "unique";

export interface RuleResult {
  column: string;
  rule: RuleName;
  expected: JsonValue;
  /** Rows checked: every row for `nullable`, the non-null values otherwise. */
  checked: number;
  failing: number;
  /** The column's `mostly` (1 unless declared). */
  mostly: number;
  passed: boolean;
  /** Up to `sampleSize` failing rows, each with `__row` (0-based row index). */
  samples: Row[];
}

export interface ValidationReport {
  ok: boolean;
  rowCount: number;
  missingColumns: string[];
  unexpectedColumns: string[];
  /** Every rule checked, passed or not. */
  results: RuleResult[];
  /** The rules that did not pass: all of them, not the first. */
  failures: RuleResult[];
}

interface Check {
  column: string;
  rule: RuleName;
  expected: JsonValue;
  /** SQL that is true for a failing row. */
  fails: string;
  /** SQL that is true for a row the rule looks at. */
  checks: string;
  mostly: number;
}

/**
 * Validates a dataset against a contract and reports every failure: column,
 * rule, failing count, and a bounded sample of failing rows. All rules are
 * counted in one scan; a rule passes when at least `mostly` of the values it
 * checks pass. Missing columns (and unexpected ones when
 * `allowExtraColumns: false`) are reported as schema failures with their names.
 * @example
 * const report = await validate(engine, ds, {
 *   columns: { age: { type: "integer", min: 0, max: 130 }, country: { allowed: ["FR", "DE"], mostly: 0.95 } },
 * });
 * report.failures; // [{ column: "age", rule: "min", failing: 2, samples: [{ __row: 7, age: -1, … }, …] }, …]
 */
export async function validate(
  engine: DataEngine, dataset: Dataset, contractInput: Contract, options: { sampleSize?: number } = {},
): Promise<ValidationReport> {
  const contract = parseContract(contractInput);
  const sampleSize = options.sampleSize ?? 5;
  const present = new Map(dataset.columns.map((c) => [c.name, c]));
  const missingColumns = Object.keys(contract.columns).filter((name) => !present.has(name));
  const unexpectedColumns = contract.allowExtraColumns === false
    ? dataset.columns.map((c) => c.name).filter((name) => !(name in contract.columns))
    : [];
  const results: RuleResult[] = [
    ...missingColumns.map((column) => schemaResult(column, "present", dataset.rowCount)),
    ...unexpectedColumns.map((column) => schemaResult(column, "extra", dataset.rowCount)),
  ];
  const checks: Check[] = [];
  const uniqueColumns: string[] = [];
  for (const [name, rule] of Object.entries(contract.columns)) {
    const column = present.get(name);
    if (!column) continue;
    checks.push(...checksFor(column, rule, uniqueColumns.length));
    if (rule.unique) uniqueColumns.push(name);
  }
  if (checks.length > 0) {
    const source = sourceWithDuplicateCounts(dataset, uniqueColumns);
    const counts = checks.flatMap((c, i) => [`count(*) FILTER (WHERE ${c.checks}) AS c${i}`, `count(*) FILTER (WHERE ${c.checks} AND (${c.fails})) AS f${i}`]);
    const [row] = await runChecked(engine, `WITH v AS (${source}) SELECT ${counts.join(", ")} FROM v`);
    for (const [i, check] of checks.entries()) {
      const checked = Number(row![`c${i}`]);
      const failing = Number(row![`f${i}`]);
      const passed = failing === 0 || (checked > 0 && (checked - failing) / checked >= check.mostly);
      const samples = failing > 0 && sampleSize > 0
        ? await runChecked(engine, `WITH v AS (${source}) SELECT ${sampleColumns(uniqueColumns.length)} FROM v WHERE ${check.checks} AND (${check.fails}) ORDER BY __row LIMIT ${Math.trunc(sampleSize)}`)
        : [];
      results.push({ column: check.column, rule: check.rule, expected: check.expected, checked, failing, mostly: check.mostly, passed, samples });
    }
  }
  const failures = results.filter((r) => !r.passed);
  return { ok: failures.length === 0, rowCount: dataset.rowCount, missingColumns, unexpectedColumns, results, failures };
}

/**
 * Validates and throws when anything fails: `schema_mismatch` (listing the
 * missing, unexpected and mistyped columns) before value rules.
 * @example
 * await expectValid(engine, ds, contract); // throws DataError listing every failing column and rule
 */
export async function expectValid(engine: DataEngine, dataset: Dataset, contract: Contract): Promise<ValidationReport> {
  const report = await validate(engine, dataset, contract);
  const error = validationError(report);
  if (error) throw error;
  return report;
}

/**
 * The error `expectValid` throws for a report, or null when it passed, for
 * callers that keep the report either way (lineage records its assertions).
 * @example
 * const report = await validate(engine, ds, contract);
 * const error = validationError(report); // DataError "schema_mismatch" or null
 */
export function validationError(report: ValidationReport): DataError | null {
  if (report.ok) return null;
  const listed = report.failures.map((f) => `${f.column}: ${f.rule} (${f.failing} failing)`).join("; ");
  const schemaColumns = [...new Set(report.failures.filter((f) => f.rule === "present" || f.rule === "extra" || f.rule === "type").map((f) => f.column))];
  return new DataError(
    "schema_mismatch",
    schemaColumns.length > 0 ? `schema mismatch in column(s) ${schemaColumns.join(", ")}; all failures: ${listed}` : `validation failed: ${listed}`,
    { columns: schemaColumns, failures: report.failures.map((f) => ({ column: f.column, rule: f.rule, failing: f.failing })) },
  );
}

function schemaResult(column: string, rule: "present" | "extra", rowCount: number): RuleResult {
  return { column, rule, expected: rule === "present", checked: rowCount, failing: rowCount, mostly: 1, passed: false, samples: [] };
}

function checksFor(column: ColumnSchema, rule: ColumnRule, uniqueIndex: number): Check[] {
  const col = `v.${quoteIdent(column.name)}`;
  const mostly = rule.mostly ?? 1;
  const notNull = `${col} IS NOT NULL`;
  const base = { column: column.name, mostly, checks: notNull };
  const out: Check[] = [];
  if (rule.nullable === false) out.push({ ...base, rule: "nullable", expected: false, checks: "TRUE", fails: `${col} IS NULL` });
  if (rule.type) out.push({ ...base, rule: "type", expected: rule.type, fails: typeFailure(col, column, rule.type) });
  if (rule.min !== undefined) out.push({ ...base, rule: "min", expected: rule.min, fails: `${comparable(col, column, rule.min)} < ${boundLiteral(column, rule.min)}` });
  if (rule.max !== undefined) out.push({ ...base, rule: "max", expected: rule.max, fails: `${comparable(col, column, rule.max)} > ${boundLiteral(column, rule.max)}` });
  if (rule.allowed) {
    const numeric = rule.allowed.every((a) => typeof a === "number");
    const lhs = numeric ? `try_cast(${col} AS DOUBLE)` : `CAST(${col} AS VARCHAR)`;
    const list = rule.allowed.map((a) => (numeric ? toSqlLiteral(a) : quoteLiteral(String(a)))).join(", ");
    out.push({ ...base, rule: "allowed", expected: rule.allowed, fails: `coalesce(${lhs} NOT IN (${list}), TRUE)` });
  }
  if (rule.regex) out.push({ ...base, rule: "regex", expected: rule.regex, fails: `NOT regexp_full_match(CAST(${col} AS VARCHAR), ${quoteLiteral(rule.regex)})` });
  if (rule.unique) out.push({ ...base, rule: "unique", expected: true, fails: `v.__dup${uniqueIndex} > 1` });
  return out;
}

/** True for a non-null value that is not of (or, in text, does not parse as) the declared type. */
function typeFailure(col: string, column: ColumnSchema, type: NonNullable<ColumnRule["type"]>): string {
  const kind = column.kind;
  switch (type) {
    case "integer":
      if (kind === "integer") return "FALSE";
      if (isNumericType(column.type)) return `${col} <> trunc(${col})`;
      // try_cast rounds "2.5" to 3, so text integers are matched by shape.
      return kind === "string" ? `NOT regexp_full_match(trim(${col}), '[+-]?[0-9]+')` : "TRUE";
    case "number":
      if (isNumericType(column.type)) return "FALSE";
      return kind === "string" ? `try_cast(${col} AS DOUBLE) IS NULL` : "TRUE";
    case "string":
      return kind === "string" ? "FALSE" : "TRUE";
    case "boolean":
      if (kind === "boolean") return "FALSE";
      return kind === "string" ? `try_cast(${col} AS BOOLEAN) IS NULL` : "TRUE";
    case "date":
      if (kind === "date") return "FALSE";
      return kind === "string" ? `try_cast(${col} AS DATE) IS NULL` : "TRUE";
    case "timestamp":
      if (kind === "timestamp" || kind === "date") return "FALSE";
      return kind === "string" ? `try_cast(${col} AS TIMESTAMP) IS NULL` : "TRUE";
  }
}

/** The column as compared with a bound: text columns compared with numbers are read as numbers. */
function comparable(col: string, column: ColumnSchema, bound: number | string): string {
  return typeof bound === "number" && !isNumericType(column.type) ? `try_cast(${col} AS DOUBLE)` : col;
}

function boundLiteral(column: ColumnSchema, bound: number | string): string {
  return typeof bound === "number" ? toSqlLiteral(bound) : `CAST(${quoteLiteral(bound)} AS ${column.type})`;
}

/** The dataset with `__row` and, per unique column, how many rows share its value. */
function sourceWithDuplicateCounts(dataset: Dataset, uniqueColumns: string[]): string {
  const windows = uniqueColumns.map((name, i) => `, count(*) OVER (PARTITION BY ${quoteIdent(name)}) AS __dup${i}`).join("");
  return `SELECT rowid AS __row, *${windows} FROM ${dataset.table}`;
}

/** Sample rows show the data and `__row`, not the helper duplicate counts. */
function sampleColumns(uniqueCount: number): string {
  if (uniqueCount === 0) return "*";
  return `* EXCLUDE (${Array.from({ length: uniqueCount }, (_, i) => `__dup${i}`).join(", ")})`;
}

async function runChecked(engine: DataEngine, sql: string): Promise<Row[]> {
  try {
    return await engine.query(sql);
  } catch (error) {
    throw new DataError("invalid_argument", `a contract rule could not be evaluated: ${describeError(error).split("\n")[0]}`);
  }
}
