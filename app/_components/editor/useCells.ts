"use client";

import { useEffect, useState } from "react";
import * as Y from "yjs";
import { cellIds, cellsOf, orderOf, type CellKind } from "@/collab/doc";

export interface CellEntry {
  id: string;
  kind: CellKind;
  /** The cell's Y.Map: a new object after an undo brings a deleted cell back. */
  cell: Y.Map<unknown>;
  source: Y.Text;
}

function readEntries(doc: Y.Doc): CellEntry[] {
  const cells = cellsOf(doc);
  const entries: CellEntry[] = [];
  for (const id of cellIds(doc)) {
    const cell = cells.get(id)!;
    const source = cell.get("source");
    if (!(source instanceof Y.Text)) continue;
    entries.push({ id, kind: cell.get("kind") === "markdown" ? "markdown" : "code", cell, source });
  }
  return entries;
}

function sameEntries(a: CellEntry[], b: CellEntry[]): boolean {
  return a.length === b.length && a.every((e, i) => e.id === b[i]!.id && e.kind === b[i]!.kind && e.cell === b[i]!.cell);
}

/**
 * The visible cells in order, re-read when the order or a cell's kind
 * changes (text edits inside a cell do not re-render the list).
 *
 * @example
 * const cells = useCells(doc);
 */
export function useCells(doc: Y.Doc): CellEntry[] {
  const [entries, setEntries] = useState<CellEntry[]>(() => readEntries(doc));
  useEffect(() => {
    const refresh = () => setEntries((previous) => {
      const next = readEntries(doc);
      return sameEntries(previous, next) ? previous : next;
    });
    refresh();
    const order = orderOf(doc);
    const cells = cellsOf(doc);
    // observeDeep on cells would fire on every keystroke; the kind lives one level down.
    const onCells = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
      if (events.some((event) => event.target === cells || (event instanceof Y.YMapEvent && event.keysChanged.has("kind")))) refresh();
    };
    order.observe(refresh);
    cells.observeDeep(onCells);
    return () => {
      order.unobserve(refresh);
      cells.unobserveDeep(onCells);
    };
  }, [doc]);
  return entries;
}
