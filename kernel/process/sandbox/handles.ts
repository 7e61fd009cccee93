import { randomUUID } from "node:crypto";

/** What a cell holds for a host object: an id, never the object. */
export interface SandboxHandle {
  readonly __tbHandle: string;
  readonly kind: string;
  /** What previews show after the kind ("ds_1a2b… (150 rows × 4 columns)"); cosmetic, never trusted. */
  readonly label?: string;
}

interface Entry {
  value: object;
  kind: string;
}

/**
 * Host objects handed to one sandbox's cells as opaque handles. Ids carry
 * the table's generation, so a handle kept from a disposed or restarted
 * sandbox (stored by a host function, say) is told apart from a forged one
 * and rejected with a clear error.
 */
export class HandleTable {
  readonly generation = randomUUID().slice(0, 8);
  private readonly entries = new Map<string, Entry>();
  private next = 1;
  private closed = false;

  add(value: object, kind: string, label?: string): SandboxHandle {
    if (this.closed) throw new Error("HandleTable: the sandbox was disposed");
    if (typeof value !== "object" && typeof value !== "function") throw new TypeError("HandleTable.add: only objects can be handles");
    const id = `${this.generation}:${this.next++}`;
    this.entries.set(id, { value, kind });
    return label === undefined ? { __tbHandle: id, kind } : { __tbHandle: id, kind, label };
  }

  /** The host object behind a handle a cell passed back; throws a TypeError the cell will see. */
  get<T extends object = object>(handle: unknown, kind?: string): T {
    const id = readHandleId(handle);
    if (id === null) throw new TypeError(`expected a handle${kind ? ` to a ${kind}` : ""}, got ${describe(handle)}`);
    if (this.closed) throw new TypeError("this handle belongs to a sandbox that was disposed");
    if (!id.startsWith(`${this.generation}:`)) {
      throw new TypeError(`handle ${id} belongs to a kernel that was restarted or disposed; run the cell that created it again`);
    }
    const entry = this.entries.get(id);
    if (!entry) throw new TypeError(`unknown handle ${id} (released or never created)`);
    if (kind !== undefined && entry.kind !== kind) throw new TypeError(`expected a handle to a ${kind}, got a ${entry.kind}`);
    return entry.value as T;
  }

  has(handle: unknown): boolean {
    const id = readHandleId(handle);
    return id !== null && !this.closed && this.entries.has(id);
  }

  release(handle: unknown): void {
    const id = readHandleId(handle);
    if (id !== null) this.entries.delete(id);
  }

  get size(): number {
    return this.entries.size;
  }

  dispose(): void {
    this.closed = true;
    this.entries.clear();
  }
}

export function isSandboxHandle(value: unknown): value is SandboxHandle {
  return readHandleId(value) !== null;
}

function readHandleId(handle: unknown): string | null {
  if (typeof handle !== "object" || handle === null) return null;
  const id = (handle as { __tbHandle?: unknown }).__tbHandle;
  return typeof id === "string" ? id : null;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : typeof value;
}
