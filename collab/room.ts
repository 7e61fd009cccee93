import * as Y from "yjs";
import * as awarenessProtocol from "y-protocols/awareness";
import type { Connection } from "./connection";
import { encodeAwareness, encodeDurable, encodeUpdate } from "./messages";
import type { DocPersistence } from "./persistence";
import { migrateDoc } from "./doc";

export type UpdateOrigin = Connection | "server";

interface Pending {
  update: Uint8Array;
  origin: UpdateOrigin;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * One live notebook document. Every update is appended to the store before
 * it is applied here and broadcast, in batches: updates that arrive while a
 * write is in flight go out together in the next one (group commit).
 */
export class Room {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly connections = new Set<Connection>();
  /** Bytes stored for this document since its last snapshot, roughly its size. */
  storedBytes = 0;
  updatesSinceCompaction = 0;
  private pending: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private lastReceived: Promise<void> = Promise.resolve();
  private compacting: Promise<void> | null = null;
  /** Holds that keep the room loaded without a connection (server edits). */
  holds = 0;
  private durableTimer: NodeJS.Timeout | null = null;
  private isDestroyed = false;

  private constructor(
    readonly notebookId: string,
    private readonly persistence: DocPersistence,
  ) {
    this.awareness.setLocalState(null);
    this.doc.on("update", (update: Uint8Array, origin: unknown) => {
      const frame = encodeUpdate(update);
      for (const connection of this.connections) if (connection !== origin) connection.send(frame);
    });
    this.awareness.on("update", ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
      const changed = [...added, ...updated, ...removed];
      if (origin && typeof origin === "object" && "awarenessIds" in origin) {
        const ids = (origin as Connection).awarenessIds;
        // A client that reconnects re-announces an id the server already
        // knows ("updated"): the new connection controls it from now on.
        for (const id of [...added, ...updated]) ids.add(id);
        for (const id of removed) ids.delete(id);
      }
      const frame = encodeAwareness(this.awareness, changed);
      for (const connection of this.connections) connection.send(frame);
    });
  }

  static async load(notebookId: string, persistence: DocPersistence): Promise<Room> {
    const room = new Room(notebookId, persistence);
    const { parts, updateCount } = await persistence.load(notebookId);
    room.doc.transact(() => {
      for (const part of parts) {
        try {
          Y.applyUpdate(room.doc, part, "store");
        } catch (error) {
          // Updates are validated before they are stored; this guards old data.
          console.error(`[collab] skipped an unreadable stored update of ${notebookId}:`, error);
        }
        room.storedBytes += part.byteLength;
      }
    }, "store");
    room.updatesSinceCompaction = updateCount;
    // A schema migration is itself an update: it is stored like any other,
    // before any client can see the room.
    const migration: Uint8Array[] = [];
    const capture = (update: Uint8Array) => migration.push(update);
    room.doc.on("update", capture);
    migrateDoc(room.doc);
    room.doc.off("update", capture);
    if (migration.length > 0) await persistence.append(notebookId, migration);
    return room;
  }

  /** Stores an update, then applies and broadcasts it; resolves once it is durable and applied. */
  receive(update: Uint8Array, origin: UpdateOrigin): Promise<void> {
    const received = new Promise<void>((resolve, reject) => {
      this.pending.push({ update, origin, resolve, reject });
      this.storedBytes += update.byteLength;
      this.flushing ??= this.flush();
    });
    this.lastReceived = received.catch(() => undefined);
    return received;
  }

  /**
   * Resolves when every update received so far is stored and applied (or
   * refused). Batches commit in order, so waiting for the last one is
   * enough, and a busy room cannot keep the caller waiting for later ones.
   */
  async settle(): Promise<void> {
    await this.lastReceived;
  }

  /** Whether updates are waiting to be stored or applied. */
  get busy(): boolean {
    return this.flushing !== null;
  }

  private async flush(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending;
        this.pending = [];
        await this.commit(batch);
      }
    } finally {
      this.flushing = null;
    }
  }

  /**
   * Stores one batch as one row, then applies it: one merged update and one
   * transaction per sender, so the broadcast skips the sender and a batch of
   * a thousand keystrokes costs one apply, not a thousand.
   */
  private async commit(batch: Pending[]): Promise<void> {
    let groups: Array<{ origin: UpdateOrigin; members: Pending[]; update: Uint8Array }>;
    let row: Uint8Array;
    try {
      groups = [...groupByOrigin(batch)].map(([origin, members]) => ({
        origin,
        members,
        update: mergeMany(members.map((p) => p.update)),
      }));
      row = mergeMany(groups.map((g) => g.update));
    } catch {
      // Updates are validated on arrival, so this should not happen; if one
      // still cannot be merged, commit them one by one so it fails alone.
      if (batch.length > 1) for (const p of batch) await this.commit([p]);
      else batch[0]!.reject(new Error("the update cannot be merged"));
      return;
    }
    try {
      await this.persistence.append(this.notebookId, [row]);
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    this.updatesSinceCompaction += 1;
    this.announceDurable();
    for (const group of groups) {
      try {
        Y.applyUpdate(this.doc, group.update, group.origin);
        for (const p of group.members) p.resolve();
      } catch (error) {
        for (const p of group.members) p.reject(error);
      }
    }
  }

  /**
   * Sends the stored state vector to the connections that asked for it, at
   * most every 100 ms. A client compares it with its own clock to show
   * "saved": everything it wrote is durable (protocol/collab.ts).
   */
  private announceDurable(): void {
    if (this.durableTimer) return;
    this.durableTimer = setTimeout(() => {
      this.durableTimer = null;
      let frame: Uint8Array | null = null;
      for (const connection of this.connections) {
        if (!connection.wantsDurable) continue;
        frame ??= encodeDurable(Y.encodeStateVector(this.doc));
        connection.send(frame);
      }
    }, 100);
    this.durableTimer.unref();
  }

  /**
   * Replaces the stored updates with a snapshot of this document. The room
   * has applied everything it stored once it settles, so its own state is
   * the snapshot: nothing is read back or folded. It does not wait for
   * updates received later: their rows stay after the snapshot (and a state
   * encoded after some of them were applied holds them twice, which Yjs
   * ignores), so a busy room still compacts.
   */
  compact(): Promise<void> {
    this.compacting ??= (async () => {
      const counted = this.updatesSinceCompaction;
      try {
        await this.persistence.compact(this.notebookId, async () => {
          await this.settle();
          // A room closed meanwhile holds nothing to trust: its rows stay as they are.
          if (this.destroyed) throw new Error("the room was closed before its snapshot was taken");
          const state = Y.encodeStateAsUpdate(this.doc);
          this.storedBytes = state.byteLength;
          return state;
        });
        this.updatesSinceCompaction = Math.max(0, this.updatesSinceCompaction - counted);
      } finally {
        this.compacting = null;
      }
    })();
    return this.compacting;
  }

  /**
   * Drops a connection and the presence it controlled. An id that another
   * connection has taken over (the same client, reconnected before the old
   * socket timed out) stays.
   */
  removeConnection(connection: Connection): void {
    this.connections.delete(connection);
    const claimed = new Set<number>();
    for (const other of this.connections) for (const id of other.awarenessIds) claimed.add(id);
    const orphaned = [...connection.awarenessIds].filter((id) => !claimed.has(id));
    if (orphaned.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, orphaned, null);
  }

  get destroyed(): boolean {
    return this.isDestroyed;
  }

  destroy(): void {
    this.isDestroyed = true;
    if (this.durableTimer) clearTimeout(this.durableTimer);
    this.awareness.destroy();
    this.doc.destroy();
  }
}

function groupByOrigin(batch: Pending[]): Map<UpdateOrigin, Pending[]> {
  const groups = new Map<UpdateOrigin, Pending[]>();
  for (const p of batch) {
    const group = groups.get(p.origin);
    if (group) group.push(p);
    else groups.set(p.origin, [p]);
  }
  return groups;
}

/** Y.mergeUpdates slows down sharply past a few dozen inputs; merging as a tree of 32 keeps it linear. */
const MERGE_FAN_IN = 32;

export function mergeMany(updates: Uint8Array[]): Uint8Array {
  let level = updates;
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += MERGE_FAN_IN) {
      const slice = level.slice(i, i + MERGE_FAN_IN);
      next.push(slice.length === 1 ? slice[0]! : Y.mergeUpdates(slice));
    }
    level = next;
  }
  if (level.length === 0) throw new Error("nothing to merge");
  return level[0]!;
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}
