import * as Y from "yjs";

/**
 * The notebook document. Cells are keyed by id, never by position:
 *
 * - `meta`:  { schemaVersion }
 * - `order`: Y.Array<string> of cell ids
 * - `cells`: Y.Map<Y.Map> from id to a cell:
 *     kind: "code" | "markdown", source: Y.Text, metadata: Y.Map,
 *     outputs: Y.Array and execution: Y.Map (written only by the server)
 *
 * A move is a delete plus an insert in `order`, so two people moving one
 * cell at once leave it in `order` twice, and a move racing a delete leaves
 * an id whose cell is gone. Readers therefore use `cellIds()`: the first
 * occurrence of each id that still has a cell. Deleting a cell removes it
 * from `cells`; edits racing that delete land in a deleted type and vanish,
 * so a deleted cell is never resurrected and never duplicated.
 */

export const SCHEMA_VERSION = 1;

export type CellKind = "code" | "markdown";
export const CELL_KINDS: readonly CellKind[] = ["code", "markdown"];

export interface CellSnapshot {
  id: string;
  kind: CellKind;
  source: string;
  metadata: Record<string, unknown>;
  outputs: unknown[];
}

export function metaOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap("meta");
}
export function orderOf(doc: Y.Doc): Y.Array<string> {
  return doc.getArray<string>("order");
}
export function cellsOf(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>("cells");
}

/** The visible cell order: first occurrence of each id that still has a cell. */
export function cellIds(doc: Y.Doc): string[] {
  const cells = cellsOf(doc);
  const seen = new Set<string>();
  const ids: string[] = [];
  for (const id of orderOf(doc).toArray()) {
    if (seen.has(id) || !cells.has(id)) continue;
    seen.add(id);
    ids.push(id);
  }
  return ids;
}

export function newCellId(): string {
  return globalThis.crypto.randomUUID();
}

function buildCell(kind: CellKind, source: string, metadata: Record<string, unknown>): Y.Map<unknown> {
  const cell = new Y.Map<unknown>();
  cell.set("kind", kind);
  cell.set("source", new Y.Text(source));
  const meta = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(metadata)) meta.set(key, value);
  cell.set("metadata", meta);
  cell.set("outputs", new Y.Array<unknown>());
  cell.set("execution", new Y.Map<unknown>());
  return cell;
}

/** Inserts a cell at a visible index (clamped); returns its id. */
export function insertCell(
  doc: Y.Doc,
  index: number,
  init: { kind?: CellKind; source?: string; metadata?: Record<string, unknown>; id?: string } = {},
): string {
  const id = init.id ?? newCellId();
  doc.transact(() => {
    cellsOf(doc).set(id, buildCell(init.kind ?? "code", init.source ?? "", init.metadata ?? {}));
    orderOf(doc).insert(rawIndexFor(doc, index), [id]);
  });
  return id;
}

/** Maps a visible index to an index in the raw `order` array. */
function rawIndexFor(doc: Y.Doc, visibleIndex: number): number {
  const visible = cellIds(doc);
  if (visibleIndex >= visible.length) return orderOf(doc).length;
  const target = visible[Math.max(0, visibleIndex)]!;
  return orderOf(doc).toArray().indexOf(target);
}

export function deleteCell(doc: Y.Doc, id: string): void {
  doc.transact(() => {
    removeFromOrder(doc, id);
    cellsOf(doc).delete(id);
  });
}

function removeFromOrder(doc: Y.Doc, id: string): void {
  const order = orderOf(doc);
  const raw = order.toArray();
  for (let i = raw.length - 1; i >= 0; i--) if (raw[i] === id) order.delete(i, 1);
}

/** Moves a cell to a visible index. */
export function moveCell(doc: Y.Doc, id: string, toIndex: number): void {
  if (!cellsOf(doc).has(id)) return;
  doc.transact(() => {
    removeFromOrder(doc, id);
    orderOf(doc).insert(rawIndexFor(doc, toIndex), [id]);
  });
}

export function cellSource(doc: Y.Doc, id: string): Y.Text | undefined {
  const source = cellsOf(doc).get(id)?.get("source");
  return source instanceof Y.Text ? source : undefined;
}

/** Changes a cell's kind; the source text is kept. */
export function setCellKind(doc: Y.Doc, id: string, kind: CellKind): void {
  cellsOf(doc).get(id)?.set("kind", kind);
}

function toPlain(value: unknown): unknown {
  return value instanceof Y.AbstractType ? value.toJSON() : value;
}

export function readCell(doc: Y.Doc, id: string): CellSnapshot | undefined {
  const cell = cellsOf(doc).get(id);
  if (!cell) return undefined;
  const kind = cell.get("kind");
  return {
    id,
    kind: kind === "markdown" ? "markdown" : "code",
    source: cellSource(doc, id)?.toString() ?? "",
    metadata: (toPlain(cell.get("metadata")) as Record<string, unknown> | undefined) ?? {},
    outputs: (toPlain(cell.get("outputs")) as unknown[] | undefined) ?? [],
  };
}

/** The visible cells as plain values, in order. */
export function readCells(doc: Y.Doc): CellSnapshot[] {
  return cellIds(doc).map((id) => readCell(doc, id)!);
}

/**
 * Brings a document to the current schema. Version 0 is an empty document
 * (no meta yet); later versions add their steps here, oldest first.
 */
export function migrateDoc(doc: Y.Doc): boolean {
  const meta = metaOf(doc);
  const version = Number(meta.get("schemaVersion") ?? 0);
  if (version >= SCHEMA_VERSION) return false;
  doc.transact(() => {
    meta.set("schemaVersion", SCHEMA_VERSION);
  });
  return true;
}
