/**
 * The `data` global: Tracebook's data primitives (DuckDB on the kernel's
 * host). Rows stay on the host; cells hold `Dataset` handles and copy rows in
 * only when they ask (`head`, `rows`, at most 10 000 per read). Every call is
 * recorded in the lineage store (who ran which cell, parameters, the dataset
 * versions read and written, timing, failures).
 *
 * A global script like tracebook.d.ts: no imports or exports.
 */

/**
 * An immutable dataset version held by the kernel. Operations return new
 * datasets; a handle stops working when the kernel restarts (run the cell
 * that made it again).
 *
 * @example
 * const { dataset } = await data.load("sales.csv");
 * dataset; // Dataset ds_1a2b… (1 000 rows × 4 columns)
 */
interface Dataset {
  readonly __tbHandle: string;
  readonly kind: "Dataset";
  readonly label?: string;
}

/** A row copied out of a dataset: column name to value (dates as ISO strings, big integers as text). */
type DataRow = Record<string, string | number | boolean | null | unknown[] | Record<string, unknown>>;

/** One file uploaded to this notebook. */
interface DataFile {
  name: string;
  bytes: number;
  /** ISO time of the upload. */
  uploadedAt: string;
}

/** How a file is read; the format comes from the extension when left out. */
interface DataLoadOptions {
  format?: "csv" | "tsv" | "json" | "ndjson" | "parquet";
  /** Drop malformed CSV lines instead of failing; they are still listed in the report. */
  skipBadLines?: boolean;
  /** CSV only: overrides what the sniffer detects. */
  delimiter?: string;
  header?: boolean;
  quote?: string;
  encoding?: "utf-8" | "utf-16" | "latin-1";
  /** CSV only: column name to DuckDB type (`"VARCHAR"`, `"DECIMAL(10,2)"`, …). */
  columnTypes?: Record<string, string>;
  /** CSV only: rows sampled to guess types; -1 reads the whole file first. */
  sampleSize?: number;
  /** How many bad lines the report lists (default 20). */
  maxReportedLines?: number;
}

interface DataLoadUrlOptions extends DataLoadOptions {
  /** A lower size limit than the server's (`TRACEBOOK_UPLOAD_MAX_BYTES`), in bytes. */
  maxBytes?: number;
  /** Gives up after this long (default 5 minutes). */
  timeoutMs?: number;
}

interface DataLoadReport {
  /** The file name, or the URL without its query. */
  path: string;
  format: "csv" | "tsv" | "json" | "ndjson" | "parquet";
  bytes: number;
  rowCount: number;
  badLineCount: number;
  badLines: Array<{ line: number; column: string | null; error: string; text: string }>;
}

/**
 * How `data.query` runs. Without `connection` the SQL reads the Tracebook
 * store itself: read-only, and only its lineage, dataset, feature and
 * experiment tables.
 */
interface DataQueryOptions {
  /** A workspace connection's name (admins add them in Settings → Kernel). */
  connection?: string;
  /** Values for `$1`, `$2`, … in the SQL. */
  params?: Array<string | number | boolean | null>;
  /** Fail when the query returns more rows than this (default 1 000 000; the upload size limit applies too). */
  maxRows?: number;
  /** The statement's time limit on the database (default 60 000, at most 600 000). */
  timeoutMs?: number;
}

interface DataQueryReport {
  /** `tracebook`, or the connection's `postgres://host:port/database`. */
  source: string;
  rowCount: number;
  /** Size of the result as it travelled from the server. */
  bytes: number;
  /** The DuckDB type each column loaded as (from its Postgres type). */
  columns: Array<{ name: string; type: string }>;
}

interface DataColumn {
  name: string;
  /** DuckDB's type, e.g. `BIGINT`, `DECIMAL(10,2)`, `VARCHAR`. */
  type: string;
  kind: "integer" | "float" | "decimal" | "string" | "boolean" | "date" | "timestamp" | "other";
}

interface DatasetInfo {
  id: string;
  /** The lineage name of this dataset (its file, URL path, or the cell step that made it). */
  name: string;
  rowCount: number;
  columns: DataColumn[];
  /** sha256 of the schema and every row: the version lineage records. */
  contentHash: string;
}

/** Rules for one column; every rule is checked and reported, not just the first failing. */
interface DataColumnRule {
  type?: "integer" | "number" | "string" | "boolean" | "date" | "timestamp";
  /** false: no nulls allowed (default true). */
  nullable?: boolean;
  /** Inclusive bounds; strings compare as the column's own type (dates, timestamps). */
  min?: number | string;
  max?: number | string;
  allowed?: Array<string | number | boolean>;
  /** RE2 pattern the whole value must match. */
  regex?: string;
  unique?: boolean;
  /** Fraction of checked values that must pass each rule (default 1). */
  mostly?: number;
}

interface DataContract {
  columns: Record<string, DataColumnRule>;
  /** false: columns the contract does not name fail as `extra` (default true). */
  allowExtraColumns?: boolean;
}

interface DataRuleResult {
  column: string;
  rule: "present" | "extra" | "type" | "nullable" | "min" | "max" | "allowed" | "regex" | "unique";
  expected: unknown;
  checked: number;
  failing: number;
  mostly: number;
  passed: boolean;
  /** Failing rows, each with `__row` (0-based). */
  samples: DataRow[];
}

interface DataValidationReport {
  ok: boolean;
  rowCount: number;
  missingColumns: string[];
  unexpectedColumns: string[];
  results: DataRuleResult[];
  failures: DataRuleResult[];
}

type DataFill = string | number | boolean | { strategy: "mean" | "median" | "mode" } | { value: string | number | boolean };

interface DataSplitReport {
  kind: "random" | "stratified" | "time";
  seed: number | null;
  counts: Record<string, number>;
  strata?: Record<string, Record<string, number>>;
  cutoffs?: string[];
  nullTimeRows?: number;
}

interface DataLeakageReport {
  ok: boolean;
  keys: string[];
  overlaps: Array<{ a: string; b: string; sharedKeys: number; samples: DataRow[] }>;
}

interface DataProfileOptions {
  /** Equal-width bins for numbers and times (default 20). */
  bins?: number;
  /** Most frequent values kept for text and booleans (default 10). */
  topValues?: number;
  quantiles?: "exact" | "approximate";
  distinct?: "exact" | "approximate" | "none";
  histograms?: boolean;
  columns?: string[];
  /** false: return the profile without showing it (default true: a table and a chart). */
  display?: boolean;
}

interface DataColumnProfile {
  name: string;
  type: string;
  kind: DataColumn["kind"];
  count: number;
  nulls: number;
  distinct: number | null;
  min: number | string | boolean | null;
  max: number | string | boolean | null;
  mean: number | null;
  std: number | null;
  quantiles: { p25: number; p50: number; p75: number } | null;
  histogram:
    | { kind: "bins"; bins: Array<{ start: number | string; end: number | string; count: number }> }
    | { kind: "values"; values: Array<{ value: string; count: number }>; otherCount: number }
    | null;
}

interface DataProfile {
  datasetId: string;
  rowCount: number;
  methods: { quantiles: "exact" | "approximate"; distinct: "exact" | "approximate" | "none" };
  columns: DataColumnProfile[];
}

/** What an operation that makes a new dataset returns. */
interface DataResult<R> {
  dataset: Dataset;
  report: R;
}

/** The `data` global. */
interface TracebookData {
  /**
   * The files uploaded to this notebook (the notebook's Files panel).
   *
   * @example
   * const files = await data.files(); // [{ name: "sales.csv", bytes: 52311, uploadedAt: "…" }]
   */
  files(): Promise<DataFile[]>;
  /**
   * Loads a file uploaded to this notebook (CSV, TSV, JSON, NDJSON, Parquet; text formats also gzipped).
   * Malformed CSV lines fail the load with their line numbers unless `skipBadLines`.
   *
   * @example
   * const { dataset: sales, report } = await data.load("sales.csv");
   * report.rowCount; // 1000
   */
  load(name: string, options?: DataLoadOptions): Promise<DataResult<DataLoadReport>>;
  /**
   * Downloads an http(s) URL (streamed to disk, within the server's size limit) and loads it.
   *
   * @example
   * const { dataset: iris } = await data.loadUrl("https://example.org/iris.csv", { timeoutMs: 60_000 });
   */
  loadUrl(url: string, options?: DataLoadUrlOptions): Promise<DataResult<DataLoadReport>>;
  /**
   * Runs one SELECT (or WITH, VALUES, TABLE) statement read-only and loads its rows.
   * SQL errors fail as `DataError … [sql_error]` with the position in your SQL;
   * tables the store keeps private fail as `[permission_denied]`.
   *
   * @example
   * const { dataset: runs } = await data.query("select id, status from lineage_runs where status = $1", { params: ["failed"] });
   * @example
   * const { dataset: orders } = await data.query("select * from orders limit 1000", { connection: "warehouse" });
   */
  query(sql: string, options?: DataQueryOptions): Promise<DataResult<DataQueryReport>>;
  /**
   * A dataset's id, lineage name, row count, columns and content hash (no rows).
   *
   * @example
   * const { rowCount, columns } = await data.info(sales);
   */
  info(dataset: Dataset): Promise<DatasetInfo>;
  /**
   * The first `n` rows (default 10), copied into the cell.
   *
   * @example
   * display.table(await data.head(sales, 20));
   */
  head(dataset: Dataset, n?: number): Promise<DataRow[]>;
  /**
   * A window of rows in table order; at most 10 000 per call.
   *
   * @example
   * const page = await data.rows(sales, { offset: 100, limit: 50, columns: ["id", "price"] });
   */
  rows(dataset: Dataset, options?: { offset?: number; limit?: number; columns?: string[] }): Promise<DataRow[]>;
  /**
   * Checks a dataset against a contract and reports every failing rule with counts and sample rows.
   *
   * @example
   * const report = await data.validate(sales, { columns: { price: { type: "number", min: 0 }, country: { allowed: ["FR", "DE"], mostly: 0.95 } } });
   * report.failures; // [{ column: "price", rule: "min", failing: 2, … }]
   */
  validate(dataset: Dataset, contract: DataContract, options?: { sampleSize?: number }): Promise<DataValidationReport>;
  /**
   * Like `validate`, but throws a DataError listing every failure when anything fails.
   *
   * @example
   * await data.expectValid(sales, { columns: { id: { nullable: false, unique: true } } });
   */
  expectValid(dataset: Dataset, contract: DataContract): Promise<DataValidationReport>;
  /**
   * A starting contract from the data as it is: each column's type and whether it has nulls.
   *
   * @example
   * const contract = await data.inferContract(sales);
   * contract.columns.price; // { type: "number", nullable: false }
   */
  inferContract(dataset: Dataset): Promise<DataContract>;
  /**
   * Per-column statistics and histograms; shown in the cell as a table and a chart unless `display: false`.
   *
   * @example
   * const profile = await data.profile(sales);
   * profile.columns[0].nulls; // 0
   */
  profile(dataset: Dataset, options?: DataProfileOptions): Promise<DataProfile>;
  /**
   * Drops rows with nulls in the given columns (all by default); `how: "all"` only rows null in all of them.
   *
   * @example
   * const { dataset: complete, report } = await data.dropNulls(sales, { columns: ["price"] });
   * report.dropped; // 3
   */
  dropNulls(dataset: Dataset, options?: { columns?: string[]; how?: "any" | "all" }): Promise<DataResult<{ kept: number; dropped: number; columns: string[]; how: "any" | "all" }>>;
  /**
   * Fills nulls per column with a value or a statistic of the column.
   *
   * @example
   * const { dataset: filled } = await data.fillNulls(sales, { price: { strategy: "median" }, country: "unknown" });
   */
  fillNulls(dataset: Dataset, fills: Record<string, DataFill>): Promise<DataResult<{ columns: Record<string, { filled: number; value: string | number | boolean | null }> }>>;
  /**
   * Trims whitespace in text columns (all by default); `emptyAsNull` turns emptied values into null.
   *
   * @example
   * const { dataset: trimmed } = await data.trim(sales, { emptyAsNull: true });
   */
  trim(dataset: Dataset, options?: { columns?: string[]; emptyAsNull?: boolean }): Promise<DataResult<{ columns: Record<string, { changed: number; emptied: number }> }>>;
  /**
   * Converts columns to another type; values that do not convert become null and are counted (`strict` fails instead).
   *
   * @example
   * const { dataset: typed, report } = await data.coerce(sales, { price: "number", sold_on: "date" });
   * report.columns.price.failed; // 2
   */
  coerce(
    dataset: Dataset,
    targets: Record<string, "integer" | "number" | "string" | "boolean" | "date" | "timestamp">,
    options?: { strict?: boolean; sampleSize?: number },
  ): Promise<DataResult<{ columns: Record<string, { to: string; converted: number; failed: number; samples: Array<{ __row: number; value: unknown }> }> }>>;
  /**
   * Rescales numeric columns to [0, 1] (`minmax`) or mean 0, std 1 (`zscore`); the report keeps the fitted parameters.
   *
   * @example
   * const { dataset: scaled, report } = await data.normalize(sales, { method: "zscore", columns: ["price"] });
   */
  normalize(
    dataset: Dataset,
    options: { method: "minmax" | "zscore"; columns?: string[] },
  ): Promise<DataResult<{ method: "minmax" | "zscore"; columns: Record<string, { min?: number; max?: number; mean?: number; std?: number }> }>>;
  /**
   * Keeps one row per key (the first, or the last by `orderBy`).
   *
   * @example
   * const { dataset: unique, report } = await data.dedupe(events, { keys: ["user_id"], keep: "last", orderBy: "updated_at" });
   * report.dropped; // 20
   */
  dedupe(
    dataset: Dataset,
    options: { keys: string[]; keep?: "first" | "last"; orderBy?: string; sampleSize?: number },
  ): Promise<DataResult<{ keys: string[]; keep: "first" | "last"; orderBy: string | null; kept: number; dropped: number; duplicateGroups: number; samples: Array<{ key: DataRow; size: number; keptRow: number; droppedRows: number[] }> }>>;
  /**
   * Flags outliers per numeric column (iqr, zscore or mad); the dataset holds the flagged rows with `__row` and `__reasons`.
   *
   * @example
   * const { dataset: outliers, report } = await data.detectAnomalies(sales, { method: "iqr", columns: ["price"] });
   * report.flaggedRows; // 4
   */
  detectAnomalies(
    dataset: Dataset,
    options: { method: "iqr" | "zscore" | "mad"; columns?: string[]; threshold?: number; sampleSize?: number },
  ): Promise<DataResult<{ method: "iqr" | "zscore" | "mad"; threshold: number; flaggedRows: number; columns: Record<string, { flagged: number; params: Record<string, number | null>; lower: number | null; upper: number | null }>; samples: DataRow[] }>>;
  /**
   * Splits rows at random into named parts of exact sizes; the same seed gives the same split.
   *
   * @example
   * const { splits: { train, test } } = await data.randomSplit(sales, { fractions: { train: 0.8, test: 0.2 }, seed: 42 });
   */
  randomSplit(dataset: Dataset, options: { fractions: Record<string, number>; seed: number }): Promise<{ splits: Record<string, Dataset>; report: DataSplitReport }>;
  /**
   * Like `randomSplit`, with every value of `column` split in the same proportions.
   *
   * @example
   * const { splits, report } = await data.stratifiedSplit(sales, { column: "label", fractions: { train: 0.7, test: 0.3 }, seed: 7 });
   */
  stratifiedSplit(dataset: Dataset, options: { column: string; fractions: Record<string, number>; seed: number }): Promise<{ splits: Record<string, Dataset>; report: DataSplitReport }>;
  /**
   * Splits by time (earlier rows in earlier parts), at given cutoffs or at the quantiles that give `fractions`.
   *
   * @example
   * const { splits } = await data.timeSplit(sales, { column: "sold_at", names: ["train", "test"], cutoffs: ["2024-06-01"] });
   */
  timeSplit(
    dataset: Dataset,
    options: { column: string; names: string[]; cutoffs: Array<string | number> } | { column: string; fractions: Record<string, number> },
  ): Promise<{ splits: Record<string, Dataset>; report: DataSplitReport }>;
  /**
   * Finds key values that appear in more than one part (the same customer in train and test).
   *
   * @example
   * const leak = await data.checkLeakage({ train, test }, { keys: ["customer_id"] });
   * leak.ok; // true
   */
  checkLeakage(splits: Record<string, Dataset>, options: { keys: string[]; sampleSize?: number }): Promise<DataLeakageReport>;
  /**
   * Like `checkLeakage`, but throws a DataError naming the parts and shared keys.
   *
   * @example
   * await data.expectNoLeakage({ train, test }, { keys: ["customer_id"] });
   */
  expectNoLeakage(splits: Record<string, Dataset>, options: { keys: string[] }): Promise<DataLeakageReport>;
}

/**
 * Data primitives: load, validate, clean, split and profile datasets held on
 * the kernel's host; every call lands in the lineage store.
 *
 * @example
 * const { dataset: raw } = await data.load("sales.csv");
 * const { dataset: clean } = await data.dropNulls(raw, { columns: ["price"] });
 * const { splits } = await data.randomSplit(clean, { fractions: { train: 0.8, test: 0.2 }, seed: 1 });
 */
declare const data: TracebookData;
