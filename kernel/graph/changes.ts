import type { NotebookGraph } from "./graph";

/** Names whose set of defining cells differs between two graphs. */
function listChangedNames(prev: NotebookGraph, next: NotebookGraph): string[] {
  const names = new Set([...prev.definitions.keys(), ...next.definitions.keys()]);
  return [...names].filter((name) => {
    const before = prev.definitions.get(name) ?? [];
    const after = new Set(next.definitions.get(name) ?? []);
    return before.length !== after.size || before.some((id) => !after.has(id));
  });
}

/**
 * After an edit of the notebook's structure (a cell deleted, a definition
 * removed, moved to another cell, added or duplicated), the cells that read
 * such a name now have an input that disappeared or changed under them. They
 * are returned, in run order, to be marked stale. Only cells that existed
 * before count: a new cell has no result to be outdated. Their own
 * dependents are not included: their inputs change only when these rerun.
 */
export function staleAfterChange(prev: NotebookGraph, next: NotebookGraph): string[] {
  const changed = new Set(listChangedNames(prev, next));
  if (changed.size === 0) return [];
  return next.order.filter(
    (id) => prev.has(id) && next.references(id).some((name) => changed.has(name)),
  );
}

/**
 * The globals the kernel must forget: names that a cell defined before and
 * no longer defines (the cell was deleted or edited). The value in the
 * kernel came from that cell's last run, so nothing may read it any more,
 * even where another cell now defines the name and has not run yet.
 */
export function removedDefinitions(prev: NotebookGraph, next: NotebookGraph): string[] {
  const removed: string[] = [];
  for (const [name, before] of prev.definitions) {
    const after = new Set(next.definitions.get(name) ?? []);
    if (before.some((id) => !after.has(id))) removed.push(name);
  }
  return removed;
}
