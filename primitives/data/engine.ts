import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance, type DuckDBConnection, type DuckDBScalarFunction, type DuckDBValue } from "@duckdb/node-api";
import { classifyType, Dataset, type ColumnSchema, type DatasetId } from "./dataset";
import { quoteIdent } from "./sql";

/** A result row as plain JSON-safe values (bigints that fit become numbers, dates ISO strings). */
export type Row = Record<string, string | number | boolean | null | unknown[] | Record<string, unknown>>;

export interface DataEngineOptions {
  /** DuckDB's memory limit before it spills to disk, e.g. "2GB". */
  memoryLimit?: string;
  /** Worker threads; DuckDB's default is every core. */
  threads?: number;
  /** Where spilled data goes; a fresh folder under the OS temp dir by default, removed on close. */
  spillDirectory?: string;
}

/**
 * The one DuckDB database of a kernel process. It holds every Dataset's rows
 * (in memory, spilling to a temp folder past the memory limit); cells hold
 * handles. DuckDB does the reading, so large files stream through its
 * parallel readers and never sit whole in JS memory.
 */
export class DataEngine {
  private readonly byId = new Map<DatasetId, Dataset>();
  /** Datasets whose table is being renamed into place; an identical adopt waits for it. */
  private readonly pending = new Map<DatasetId, Promise<Dataset>>();
  private closed = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly ownedSpillDir: string | null,
  ) {}

  /**
   * Opens an in-memory engine. Extension auto-install is off: json and parquet
   * are built into the bindings, and nothing downloads at run time.
   * @example
   * const engine = await DataEngine.open({ memoryLimit: "1GB" });
   * const ds = await loadFile(engine, "/uploads/sales.csv");
   * await engine.close();
   */
  static async open(options: DataEngineOptions = {}): Promise<DataEngine> {
    const ownedSpillDir = options.spillDirectory ? null : await mkdtemp(join(tmpdir(), "tracebook-duckdb-"));
    const config: Record<string, string> = {
      autoinstall_known_extensions: "false",
      autoload_known_extensions: "false",
      temp_directory: options.spillDirectory ?? ownedSpillDir!,
      memory_limit: options.memoryLimit ?? "2GB",
    };
    if (options.threads) config.threads = String(options.threads);
    const instance = await DuckDBInstance.create(":memory:", config);
    const connection = await instance.connect();
    return new DataEngine(instance, connection, ownedSpillDir);
  }

  /**
   * Runs SQL and returns its rows as plain objects. Values are positional
   * parameters (`$1`, `$2`, …).
   * @example
   * const [{ n }] = await engine.query(`SELECT count(*) AS n FROM ${ds.table}`);
   */
  async query(sql: string, params?: DuckDBValue[]): Promise<Row[]> {
    this.assertOpen();
    const reader = await this.connection.runAndReadAll(sql, params);
    // DATE columns read as calendar days, not midnight UTC instants.
    const dateColumns = new Set(reader.columnNames().filter((_, i) => String(reader.columnTypes()[i]) === "DATE"));
    return reader.getRowObjectsJS().map((row) => {
      const plain: Row = {};
      for (const [key, value] of Object.entries(row)) {
        plain[key] = (dateColumns.has(key) && value instanceof Date ? value.toISOString().slice(0, 10) : toPlain(value)) as Row[string];
      }
      return plain;
    });
  }

  /**
   * Runs SQL for its effect.
   * @example
   * await engine.execute("SET threads = 2");
   */
  async execute(sql: string, params?: DuckDBValue[]): Promise<void> {
    this.assertOpen();
    await this.connection.run(sql, params);
  }

  /**
   * Registers a scalar function written in JS, callable from this engine's
   * SQL. For arithmetic whose result must match a JS computation bit for bit
   * (DuckDB's `ln` comes from the C library and can differ from V8's
   * `Math.log` in the last bit).
   * @example
   * engine.registerScalarFunction(DuckDBScalarFunction.create({ name: "js_ln", returnType: DOUBLE, parameterTypes: [DOUBLE], mainFunction }));
   */
  registerScalarFunction(fn: DuckDBScalarFunction): void {
    this.assertOpen();
    this.connection.registerScalarFunction(fn);
  }

  /**
   * Materializes a SELECT as a new immutable Dataset. The rows land in a
   * scratch table first; only after the hash is computed does the table take
   * its final name, so a failure leaves nothing behind. When a dataset with
   * the same content exists, that one is returned and the copy dropped.
   * @example
   * const adults = await engine.materialize(`SELECT * FROM ${ds.table} WHERE age >= 18 ORDER BY rowid`);
   */
  async materialize(select: string, params?: DuckDBValue[]): Promise<Dataset> {
    const scratch = `scratch_${randomBytes(8).toString("hex")}`;
    try {
      await this.execute(`CREATE TABLE ${scratch} AS ${select}`, params);
      return await this.adopt(scratch);
    } catch (error) {
      await this.dropTable(scratch);
      throw error;
    }
  }

  /**
   * Turns a freshly written scratch table into a Dataset (hash, dedupe by
   * content, rename). The scratch table is consumed either way.
   * @example
   * await engine.execute("CREATE TABLE scratch_x AS SELECT 1 AS a");
   * const ds = await engine.adopt("scratch_x");
   */
  async adopt(scratch: string): Promise<Dataset> {
    const columns = await this.describeTable(scratch);
    const { rowCount, rowHash } = await this.hashRows(scratch, columns);
    const contentHash = createHash("sha256")
      .update(JSON.stringify(columns.map((c) => [c.name, c.type])))
      .update(`\n${rowCount}\n${rowHash}`)
      .digest("hex");
    const candidate = new Dataset({ table: `ds_${contentHash.slice(0, 24)}`, columns, rowCount, contentHash });
    const existing = this.byId.get(candidate.id) ?? this.pending.get(candidate.id);
    if (existing) {
      await this.dropTable(scratch);
      return existing;
    }
    const placed = this.execute(`ALTER TABLE ${scratch} RENAME TO ${candidate.table}`).then(() => {
      this.byId.set(candidate.id, candidate);
      return candidate;
    });
    this.pending.set(candidate.id, placed);
    try {
      return await placed;
    } catch (error) {
      await this.dropTable(scratch);
      throw error;
    } finally {
      this.pending.delete(candidate.id);
    }
  }

  /**
   * The Dataset with this id, if this engine holds it.
   * @example
   * const same = engine.get(ds.id);
   */
  get(id: DatasetId): Dataset | undefined {
    return this.byId.get(id);
  }

  /**
   * Frees a dataset's rows. Handles to it stop working.
   * @example
   * await engine.release(tmp);
   */
  async release(dataset: Dataset): Promise<void> {
    if (this.byId.get(dataset.id) !== dataset) return;
    this.byId.delete(dataset.id);
    await this.dropTable(dataset.table);
  }

  /**
   * Drops a table if it exists (cleanup paths must not throw over a missing table).
   * @example
   * await engine.dropTable("scratch_1234");
   */
  async dropTable(table: string): Promise<void> {
    if (this.closed) return;
    await this.connection.run(`DROP TABLE IF EXISTS ${quoteIdent(table)}`).catch(() => undefined);
  }

  /**
   * Column names and types of a table or of any SELECT.
   * @example
   * await engine.describeTable(ds.table); // [{ name: "id", type: "BIGINT", kind: "integer" }, …]
   */
  async describeTable(tableOrSelect: string): Promise<ColumnSchema[]> {
    const rows = await this.query(`DESCRIBE ${tableOrSelect}`);
    return rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type), kind: classifyType(String(r.column_type)) }));
  }

  /**
   * Closes DuckDB and removes the spill folder it owns.
   * @example
   * await engine.close();
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.connection.closeSync();
    this.instance.closeSync();
    if (this.ownedSpillDir) await rm(this.ownedSpillDir, { recursive: true, force: true });
  }

  /**
   * Order-sensitive row hash: the sum (mod 2^128, no overflow below 2^64 rows)
   * of a 64-bit hash of (position, row). One parallel scan; identical data
   * always matches, and accidental collisions are ~2^-64 (not a defence
   * against crafted inputs: that is the artifact store's sha256).
   */
  private async hashRows(table: string, columns: ColumnSchema[]): Promise<{ rowCount: number; rowHash: string }> {
    const cols = columns.map((c) => quoteIdent(c.name)).join(", ");
    const [row] = await this.query(`SELECT count(*) AS n, CAST(coalesce(sum(hash(rowid, ${cols})::HUGEINT), 0) AS VARCHAR) AS h FROM ${table}`);
    return { rowCount: Number(row!.n), rowHash: String(row!.h) };
  }

  private assertOpen(): void {
    if (this.closed) throw new Error("the data engine is closed");
  }
}

let processEngine: Promise<DataEngine> | null = null;

/**
 * The kernel process's single engine, opened on first use.
 * @example
 * const engine = await getDataEngine();
 */
export function getDataEngine(options?: DataEngineOptions): Promise<DataEngine> {
  processEngine ??= DataEngine.open(options);
  return processEngine;
}

/**
 * Turns a DuckDB JS value into plain JSON-safe data.
 * @example
 * toPlain(42n); // 42
 */
export function toPlain(value: unknown): unknown {
  if (typeof value === "bigint") return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toPlain);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toPlain(v);
    return out;
  }
  return value;
}
