import type { Brand } from "../../protocol/ids";

/**
 * A content-derived dataset id: `ds_` + the first 24 hex digits of the content
 * hash, so identical data (same columns, types, rows in the same order) always
 * gets the identical id. (Lives here until protocol/ids.ts takes it.)
 */
export type DatasetId = Brand<string, "DatasetId">;

/** How a column reads to a person; `type` keeps DuckDB's exact type. */
export type ColumnKind = "integer" | "float" | "decimal" | "string" | "boolean" | "date" | "timestamp" | "other";

export interface ColumnSchema {
  name: string;
  /** DuckDB's type, e.g. `BIGINT`, `DECIMAL(10,2)`, `VARCHAR`. */
  type: string;
  kind: ColumnKind;
}

/** The plain JSON a Dataset handle shows (previews, lineage facets, the isolate). */
export interface DatasetSummary {
  id: DatasetId;
  rowCount: number;
  columns: ColumnSchema[];
  contentHash: string;
}

/**
 * A host-side, immutable dataset version: a DuckDB table plus its schema, row
 * count and content hash. Cells never see the rows; they hold an opaque handle
 * to this object and ask for `head`/`rows` with a cap.
 */
export class Dataset {
  readonly id: DatasetId;
  /** The DuckDB table holding the rows (never altered after creation). */
  readonly table: string;
  readonly columns: readonly ColumnSchema[];
  readonly rowCount: number;
  /** sha256 (hex) over the schema and a per-row hash of every row in order. */
  readonly contentHash: string;

  constructor(init: { table: string; columns: ColumnSchema[]; rowCount: number; contentHash: string }) {
    this.id = `ds_${init.contentHash.slice(0, 24)}` as DatasetId;
    this.table = init.table;
    this.columns = Object.freeze(init.columns.map((c) => Object.freeze({ ...c })));
    this.rowCount = init.rowCount;
    this.contentHash = init.contentHash;
    Object.freeze(this);
  }

  /**
   * The column named `name`, or undefined.
   * @example
   * ds.column("age")?.kind; // "integer"
   */
  column(name: string): ColumnSchema | undefined {
    return this.columns.find((c) => c.name === name);
  }

  /**
   * Plain JSON for previews and lineage.
   * @example
   * const ds = await loadFile(engine, "/data/iris.csv");
   * ds.toJSON(); // { id: "ds_…", rowCount: 150, columns: [...], contentHash: "…" }
   */
  toJSON(): DatasetSummary {
    return { id: this.id, rowCount: this.rowCount, columns: this.columns.map((c) => ({ ...c })), contentHash: this.contentHash };
  }
}

/**
 * The kind shown for a DuckDB type.
 * @example
 * classifyType("DECIMAL(10,2)"); // "decimal"
 */
export function classifyType(duckType: string): ColumnKind {
  if (/^(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?)$/.test(duckType)) return "integer";
  if (duckType === "FLOAT" || duckType === "DOUBLE") return "float";
  if (duckType.startsWith("DECIMAL")) return "decimal";
  if (duckType === "VARCHAR") return "string";
  if (duckType === "BOOLEAN") return "boolean";
  if (duckType === "DATE") return "date";
  if (duckType.startsWith("TIMESTAMP")) return "timestamp";
  return "other";
}

/**
 * Whether a value is a Dataset, by its shape: values crossing module and
 * bundle boundaries are recognised by brand, not by `instanceof`.
 * @example
 * if (!isDataset(value)) throw new TypeError("expected a Dataset");
 */
export function isDataset(value: unknown): value is Dataset {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Partial<Dataset>;
  return typeof v.id === "string" && v.id.startsWith("ds_") && typeof v.table === "string" && Array.isArray(v.columns) && typeof v.column === "function";
}

/**
 * The Dataset behind a "Dataset" handle's value. The data module keeps each
 * with the name lineage gives it (`{ dataset, namespace, name }`); datasets
 * other modules return (transformed features, perturbed copies) are bare.
 * Null when the value is neither.
 * @example
 * const dataset = unwrapDataset(ctx.handles.get(handle, "Dataset"));
 */
export function unwrapDataset(value: unknown): Dataset | null {
  if (isDataset(value)) return value;
  const inner = typeof value === "object" && value !== null ? (value as { dataset?: unknown }).dataset : undefined;
  return isDataset(inner) ? inner : null;
}
