import { randomBytes } from "node:crypto";
import { stat } from "node:fs/promises";
import { extname } from "node:path";
import type { DataEngine, Row } from "./engine";
import type { Dataset } from "./dataset";
import { choosePieceBytes, measureMeanLineBytes, readCsvHead } from "./csv-chunks";
import { guessPlainDialect, type PlainDialect } from "./csv-dialect";
import { DataError, describeError } from "./errors";
import { quoteLiteral } from "./sql";

export type FileFormat = "csv" | "tsv" | "json" | "ndjson" | "parquet";

export interface LoadOptions {
  /** Taken from the extension when absent (.csv .tsv .tab .json .ndjson .jsonl .parquet; text formats also gzipped, e.g. .csv.gz). */
  format?: FileFormat;
  /** Files larger than this (on disk, so compressed size for .gz) fail before any reading. Default 1 GiB. */
  maxBytes?: number;
  /** Drop malformed CSV lines instead of failing; they are still listed in the report. */
  skipBadLines?: boolean;
  /** CSV only: overrides what DuckDB's sniffer detects. */
  delimiter?: string;
  header?: boolean;
  quote?: string;
  encoding?: "utf-8" | "utf-16" | "latin-1";
  /** CSV only: column name -> DuckDB type, for columns the sniffer's sample would guess wrong. */
  columnTypes?: Record<string, string>;
  /** CSV only: rows the sniffer samples for types; -1 reads the whole file first. Default 20480. */
  sampleSize?: number;
  /** How many bad lines the report and error list. Default 20. */
  maxReportedLines?: number;
}

export interface BadLine {
  /** 1-based line number in the file (the header is line 1). */
  line: number;
  column: string | null;
  error: string;
  /** The line's text, cut at 200 characters. */
  text: string;
}

export interface LoadReport {
  path: string;
  format: FileFormat;
  bytes: number;
  rowCount: number;
  badLineCount: number;
  /** Up to `maxReportedLines` of the bad lines, in file order. */
  badLines: BadLine[];
}

export const DEFAULT_MAX_BYTES = 1024 ** 3;

const EXTENSIONS: Record<string, FileFormat> = {
  ".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".json": "json", ".ndjson": "ndjson", ".jsonl": "ndjson", ".parquet": "parquet",
};

/**
 * Loads a CSV/TSV, JSON (array or records), NDJSON or Parquet file into a new
 * Dataset. DuckDB reads the file in parallel chunks; it never passes through
 * JS memory. Malformed CSV lines fail the load with their line numbers unless
 * `skipBadLines` is set (then they are dropped and listed in the report); a
 * file that is not valid UTF-8, too large, truncated or unreadable fails and
 * leaves no dataset behind.
 * @example
 * const { dataset, report } = await loadFile(engine, "/uploads/sales.csv", { maxBytes: 100e6 });
 * report.badLineCount; // 0
 * @example
 * // keep going past malformed lines, but see them
 * const { report } = await loadFile(engine, "/uploads/messy.csv", { skipBadLines: true });
 * report.badLines; // [{ line: 17, column: "price", error: "Expected Number of Columns: 4 Found: 3", text: "3,pen," }]
 */
export async function loadFile(engine: DataEngine, path: string, options: LoadOptions = {}): Promise<{ dataset: Dataset; report: LoadReport }> {
  const format = options.format ?? formatFromPath(path);
  const bytes = await sizeOf(path);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes > maxBytes) {
    throw new DataError("too_large", `${path} is ${bytes} bytes, over the ${maxBytes}-byte limit`, { path, bytes, maxBytes });
  }
  const base: Omit<LoadReport, "rowCount"> = { path, format, bytes, badLineCount: 0, badLines: [] };
  if (format === "csv" || format === "tsv") return loadDelimited(engine, path, format, options, base);
  const reader = format === "parquet"
    ? `read_parquet(${quoteLiteral(path)})`
    : `read_json(${quoteLiteral(path)}, format = ${format === "ndjson" ? "'newline_delimited'" : "'auto'"})`;
  let dataset: Dataset;
  try {
    dataset = await engine.materialize(`SELECT * FROM ${reader}`);
  } catch (error) {
    throw readFailure(path, format, error);
  }
  return { dataset, report: { ...base, rowCount: dataset.rowCount } };
}

async function loadDelimited(
  engine: DataEngine, path: string, format: "csv" | "tsv", options: LoadOptions, base: Omit<LoadReport, "rowCount">,
): Promise<{ dataset: Dataset; report: LoadReport }> {
  const tag = randomBytes(6).toString("hex");
  const rejectsTable = `rejects_${tag}`;
  const rejectsScan = `rejects_scan_${tag}`;
  const scratch = `scratch_${tag}`;
  const limit = options.maxReportedLines ?? 20;
  try {
    const head = canReadHead(path, options) ? await readCsvHead(path).catch(() => null) : null;
    const meanLineBytes = head && measureMeanLineBytes(head);
    const guess = head && options.delimiter === undefined && options.quote === undefined ? guessPlainDialect(head) : null;
    const dialectArgs = await sniffDialect(engine, path, format, options, guess);
    const readArgs = [...dialectArgs, ...(await choosePieceArgs(engine, base.bytes, meanLineBytes))];
    // Fast path: a strict read. Only a file that fails it (or a caller who
    // asked to skip bad lines) pays for the rejects table that lists them.
    if (!options.skipBadLines) {
      try {
        await engine.execute(`CREATE TABLE ${scratch} AS SELECT * FROM read_csv(${[quoteLiteral(path), ...readArgs].join(", ")})`);
        const dataset = await engine.adopt(scratch);
        return { dataset, report: { ...base, rowCount: dataset.rowCount, badLineCount: 0, badLines: [] } };
      } catch {
        // Whatever failed (a malformed line, a value the sniffed type cannot
        // hold, bad bytes), the rejects pass below says which lines and why.
        await engine.dropTable(scratch);
      }
    }
    const rejectArgs = [
      // Rejected lines go to a table we read back, so none vanish silently.
      "store_rejects = true", "ignore_errors = true",
      `rejects_table = ${quoteLiteral(rejectsTable)}`, `rejects_scan = ${quoteLiteral(rejectsScan)}`,
    ];
    try {
      await engine.execute(`CREATE TABLE ${scratch} AS SELECT * FROM read_csv(${[quoteLiteral(path), ...readArgs, ...rejectArgs].join(", ")})`);
    } catch (error) {
      throw readFailure(path, format, error);
    }
    const [{ n }] = (await engine.query(`SELECT count(DISTINCT line) AS n FROM ${rejectsTable}`)) as [{ n: number }];
    const rejects = await engine.query(
      `SELECT line, any_value(column_name) AS col, string_agg(DISTINCT error_type, ', ') AS types,
              any_value(error_message) AS message, any_value(csv_line) AS text
       FROM ${rejectsTable} GROUP BY line ORDER BY line LIMIT ${Math.max(0, Math.trunc(limit))}`,
    );
    const badLines: BadLine[] = rejects.map((r) => ({
      line: Number(r.line),
      column: r.col === null ? null : String(r.col),
      error: String(r.message),
      text: String(r.text ?? "").slice(0, 200),
    }));
    const encoding = rejects.find((r) => String(r.types).includes("INVALID ENCODING"));
    if (encoding || (n > 0 && (await hasEncodingReject(engine, rejectsTable)))) {
      const line = encoding ? Number(encoding.line) : badLines[0]?.line ?? null;
      throw new DataError("bad_encoding", `${path} is not valid ${options.encoding ?? "utf-8"} (first at line ${line}); pass { encoding: "latin-1" } or "utf-16" if that is what it is`, { path, line });
    }
    if (n > 0 && !options.skipBadLines) {
      const listed = badLines.map((b) => `line ${b.line}: ${b.error}`).join("; ");
      throw new DataError("bad_lines", `${path} has ${n} malformed line(s): ${listed}${n > badLines.length ? "; …" : ""}. Fix them or load with { skipBadLines: true }`, {
        path, badLineCount: n, badLines: badLines.map((b) => ({ ...b })),
      });
    }
    const dataset = await engine.adopt(scratch);
    return { dataset, report: { ...base, rowCount: dataset.rowCount, badLineCount: n, badLines } };
  } finally {
    await engine.dropTable(scratch);
    await engine.dropTable(rejectsTable);
    await engine.dropTable(rejectsScan);
  }
}

/**
 * The file's dialect and column types, sniffed once (tolerating bad lines, so
 * one broken line does not make the sniffer fall back to a one-column
 * reading) and then fixed for every read of the load: the strict pass and the
 * rejects pass parse the same way.
 */
async function sniffDialect(
  engine: DataEngine, path: string, format: "csv" | "tsv", options: LoadOptions, guess: PlainDialect | null,
): Promise<string[]> {
  const hints: string[] = ["ignore_errors = true", `buffer_size = ${SNIFF_BUFFER_BYTES}`];
  const delimiter = options.delimiter ?? (format === "tsv" ? "\t" : guess?.delimiter);
  if (delimiter !== undefined) hints.push(`delim = ${quoteLiteral(delimiter)}`);
  if (options.header !== undefined) hints.push(`header = ${options.header}`);
  if (options.quote !== undefined) hints.push(`quote = ${quoteLiteral(options.quote)}`);
  // The guess's quoting only goes with its own delimiter (a .tsv that reads
  // evenly with commas keeps the sniffer's choice of quote).
  else if (guess && guess.delimiter === delimiter) hints.push(`quote = ${quoteLiteral(guess.quote)}`, `escape = ${quoteLiteral(guess.escape)}`);
  if (options.encoding !== undefined) hints.push(`encoding = ${quoteLiteral(options.encoding)}`);
  if (options.sampleSize !== undefined) hints.push(`sample_size = ${Math.trunc(options.sampleSize)}`);
  if (options.columnTypes) {
    const entries = Object.entries(options.columnTypes).map(([name, type]) => `${quoteLiteral(name)}: ${quoteLiteral(type)}`);
    hints.push(`types = {${entries.join(", ")}}`);
  }
  let sniffed: Row;
  try {
    [sniffed] = (await engine.query(`SELECT * FROM sniff_csv(${[quoteLiteral(path), ...hints].join(", ")})`)) as [Row];
  } catch (error) {
    throw readFailure(path, format, error);
  }
  const text = (v: unknown) => (v === "(empty)" || v === null || v === undefined ? "" : String(v));
  // A sample without quotes makes the sniffer pick "no quoting"; a quoted field
  // later in the file would then split wrongly. RFC 4180 quoting is harmless
  // when no field is quoted, so it stays on unless the caller said otherwise.
  const quote = options.quote ?? (text(sniffed.Quote) || '"');
  const escape = text(sniffed.Escape) || (quote === '"' ? '"' : "");
  const columns = (sniffed.Columns as { name: string; type: string }[])
    .map((c) => `${quoteLiteral(c.name)}: ${quoteLiteral(c.type)}`).join(", ");
  const args = [
    "auto_detect = false",
    `delim = ${quoteLiteral(text(sniffed.Delimiter))}`,
    `quote = ${quoteLiteral(quote)}`,
    `escape = ${quoteLiteral(escape)}`,
    `new_line = ${quoteLiteral(text(sniffed.NewLineDelimiter))}`,
    `skip = ${Number(sniffed.SkipRows)}`,
    `comment = ${quoteLiteral(text(sniffed.Comment))}`,
    `header = ${sniffed.HasHeader === true}`,
    `columns = {${columns}}`,
  ];
  // ISO dates need no format: DuckDB's own date parser reads them the same
  // and several times faster than its strptime path (a tenth of a load's
  // parse time with one date column). Timestamps keep theirs: the native
  // parser would also take a UTC offset and shift the value, where the format
  // reports the line.
  if (sniffed.DateFormat && sniffed.DateFormat !== ISO_DATE) args.push(`dateformat = ${quoteLiteral(String(sniffed.DateFormat))}`);
  if (sniffed.TimestampFormat) args.push(`timestampformat = ${quoteLiteral(String(sniffed.TimestampFormat))}`);
  if (options.encoding !== undefined) args.push(`encoding = ${quoteLiteral(options.encoding)}`);
  return args;
}

/**
 * The sniffer first reads one buffer of the file, 32 MB by default, though
 * its type sample is 20,480 rows (about 1.7 MB of the benchmark's 87-byte
 * lines). A 4 MiB one took its time on the 1M-row benchmark file from 27 to
 * 22 ms. It still reads on past it when the sample asks for more rows
 * (`sampleSize: -1` scans the whole file), and a line that does not fit
 * fails as before: DuckDB's line-length limit, 2 MB, is below it.
 */
const SNIFF_BUFFER_BYTES = 4 * 2 ** 20;

/** Plain UTF-8 files only: a gzip stream or a re-encoded one has no byte-for-line relation to read off its head. */
function canReadHead(path: string, options: LoadOptions): boolean {
  return !path.toLowerCase().endsWith(".gz") && (options.encoding === undefined || options.encoding === "utf-8");
}

/**
 * `buffer_size` so each reader thread's piece fills a row group (see
 * csv-chunks.ts). Given a buffer size, DuckDB hands each thread a whole
 * buffer and raises its line-length limit to match (from 2 MB to the piece,
 * 8 to 32 MB); nothing else about the read changes.
 */
async function choosePieceArgs(engine: DataEngine, fileBytes: number, meanLineBytes: number | null): Promise<string[]> {
  if (meanLineBytes === null) return [];
  const [{ threads }] = (await engine.query("SELECT current_setting('threads')::BIGINT AS threads")) as [{ threads: number }];
  const piece = choosePieceBytes({ fileBytes, meanLineBytes, threads: Number(threads) });
  return piece === null ? [] : [`buffer_size = ${piece}`];
}

/** The format the sniffer reports for ISO 8601 dates, which DuckDB parses natively. */
const ISO_DATE = "%Y-%m-%d";

async function hasEncodingReject(engine: DataEngine, rejectsTable: string): Promise<boolean> {
  const rows = await engine.query(`SELECT 1 FROM ${rejectsTable} WHERE error_type = 'INVALID ENCODING' LIMIT 1`);
  return rows.length > 0;
}

function formatFromPath(path: string): FileFormat {
  // DuckDB decompresses .gz itself (streaming); the format is the inner extension.
  const lower = path.toLowerCase();
  const gzipped = lower.endsWith(".gz");
  const format = EXTENSIONS[extname(gzipped ? lower.slice(0, -3) : lower)];
  if (!format || (gzipped && format === "parquet")) throw new DataError("unsupported_format", `cannot tell the format of ${path}; pass { format: "csv" | "tsv" | "json" | "ndjson" | "parquet" }`, { path });
  return format;
}

async function sizeOf(path: string): Promise<number> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new DataError("not_found", `${path} is not a file`, { path });
    return info.size;
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw new DataError("not_found", `cannot read ${path}: ${describeError(error)}`, { path });
  }
}

/** A reader error as a DataError that says what was wrong with the file. */
function readFailure(path: string, format: FileFormat, error: unknown): DataError {
  if (error instanceof DataError) return error;
  const message = describeError(error).split("\n\nLINE 1:")[0]!.trim();
  if (/Out of Memory/i.test(message)) {
    return new DataError("unreadable", `not enough engine memory to read ${path} (${message.split("\n")[0]}); raise the data engine's memoryLimit`, { path, format, reason: message });
  }
  if (/unicode|utf-?8|encoding/i.test(message)) return new DataError("bad_encoding", `${path} is not valid UTF-8: ${message}`, { path, reason: message });
  const hint = format === "parquet" ? " (truncated or not a Parquet file?)" : format === "csv" || format === "tsv" ? "" : " (truncated or not valid JSON?)";
  return new DataError("unreadable", `cannot read ${path} as ${format}${hint}: ${message}`, { path, format, reason: message });
}

