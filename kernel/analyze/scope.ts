/**
 * One lexical scope of a cell, with TypeScript's two meanings kept apart: a
 * class or enum declares both a value and a type, an interface only a type,
 * a `const` only a value.
 */
export class Scope {
  /** Name -> offset of its first declaration, so callers can list names in source order. */
  private readonly values = new Map<string, number>();
  private readonly types = new Map<string, number>();

  constructor(readonly parent: Scope | null) {}

  declareValue(name: string, offset: number): void {
    if (!this.values.has(name)) this.values.set(name, offset);
  }

  declareType(name: string, offset: number): void {
    if (!this.types.has(name)) this.types.set(name, offset);
  }

  resolvesValue(name: string): boolean {
    for (let scope: Scope | null = this; scope; scope = scope.parent) {
      if (scope.values.has(name)) return true;
    }
    return false;
  }

  resolvesType(name: string): boolean {
    for (let scope: Scope | null = this; scope; scope = scope.parent) {
      if (scope.types.has(name)) return true;
    }
    return false;
  }

  /** This scope's own value names, in source order. */
  listValues(): string[] {
    return sortByOffset(this.values);
  }

  listTypes(): string[] {
    return sortByOffset(this.types);
  }
}

function sortByOffset(names: Map<string, number>): string[] {
  return [...names.entries()].sort((a, b) => a[1] - b[1]).map(([name]) => name);
}
