/** What the graph needs from a cell's analysis: its runtime names only (types never link cells). */
export interface CellNames {
  id: string;
  defines: readonly string[];
  references: readonly string[];
}

/** Name -> the cells that define it, in notebook order. */
export type Definitions = ReadonlyMap<string, readonly string[]>;

export function collectDefinitions(cells: readonly CellNames[]): Map<string, string[]> {
  const definitions = new Map<string, string[]>();
  for (const cell of cells) {
    for (const name of new Set(cell.defines)) {
      const definers = definitions.get(name);
      if (definers) definers.push(cell.id);
      else definitions.set(name, [cell.id]);
    }
  }
  return definitions;
}

/** The names a cell defines that other cells define too, with all their definers. */
export function findConflicts(cell: CellNames, definitions: Definitions): Array<{ name: string; cells: readonly string[] }> {
  const conflicts: Array<{ name: string; cells: readonly string[] }> = [];
  for (const name of new Set(cell.defines)) {
    const definers = definitions.get(name) ?? [];
    if (definers.length > 1) conflicts.push({ name, cells: definers });
  }
  return conflicts;
}
