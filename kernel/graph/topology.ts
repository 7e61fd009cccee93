import type { CellNames, Definitions } from "./definitions";
import { findStronglyConnected } from "./cycles";

/** Cell links: a parent defines a name its child reads. */
export interface Edges {
  parents: Map<string, string[]>;
  children: Map<string, string[]>;
  /** `${parent}\n${child}` -> the names the child reads from the parent. */
  names: Map<string, string[]>;
}

export function edgeKey(parent: string, child: string): string {
  return `${parent}\n${child}`;
}

/**
 * Links every reference to each cell defining that name. A name with
 * several definers links to all of them, so the reader is downstream of the
 * conflict. A cell never links to itself.
 */
export function buildEdges(cells: readonly CellNames[], definitions: Definitions): Edges {
  const position = new Map(cells.map((cell, index) => [cell.id, index]));
  const byPosition = (a: string, b: string) => (position.get(a) ?? 0) - (position.get(b) ?? 0);
  const parents = new Map<string, string[]>(cells.map((cell) => [cell.id, []]));
  const children = new Map<string, string[]>(cells.map((cell) => [cell.id, []]));
  const names = new Map<string, string[]>();
  for (const cell of cells) {
    for (const name of new Set(cell.references)) {
      for (const definer of definitions.get(name) ?? []) {
        if (definer === cell.id) continue;
        const key = edgeKey(definer, cell.id);
        const carried = names.get(key);
        if (carried) {
          carried.push(name);
          continue;
        }
        names.set(key, [name]);
        parents.get(cell.id)?.push(definer);
        children.get(definer)?.push(cell.id);
      }
    }
  }
  for (const list of [...parents.values(), ...children.values()]) list.sort(byPosition);
  return { parents, children, names };
}

/**
 * Every cell in dependency order: a cell after all the cells it reads from,
 * and among cells free to go next, the one higher in the notebook first.
 * Cells of a cycle cannot be ordered among themselves; they stay together,
 * in notebook order, where the cycle as a whole fits.
 */
export function sortTopologically(order: readonly string[], edges: Edges): string[] {
  const position = new Map(order.map((id, index) => [id, index]));
  const successors = (id: string) => edges.children.get(id) ?? [];
  const components = findStronglyConnected(order, successors);
  const componentOf = new Map<string, number>();
  components.forEach((members, index) => {
    for (const member of members) componentOf.set(member, index);
  });
  const rank = components.map((members) => Math.min(...members.map((id) => position.get(id) ?? 0)));
  const waiting = components.map(() => 0);
  components.forEach((members, index) => {
    const upstream = new Set<number>();
    for (const member of members) {
      for (const parent of edges.parents.get(member) ?? []) {
        const from = componentOf.get(parent);
        if (from !== undefined && from !== index) upstream.add(from);
      }
    }
    waiting[index] = upstream.size;
  });

  const ready = components.map((_, index) => index).filter((index) => waiting[index] === 0);
  const sorted: string[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => (rank[a] ?? 0) - (rank[b] ?? 0));
    const next = ready.shift();
    if (next === undefined) break;
    const members = components[next] ?? [];
    sorted.push(...members);
    const downstream = new Set<number>();
    for (const member of members) {
      for (const child of successors(member)) {
        const to = componentOf.get(child);
        if (to !== undefined && to !== next) downstream.add(to);
      }
    }
    for (const to of downstream) {
      waiting[to] = (waiting[to] ?? 0) - 1;
      if (waiting[to] === 0) ready.push(to);
    }
  }
  return sorted;
}
