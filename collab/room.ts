import * as Y from "yjs";
import * as awarenessProtocol from "y-protocols/awareness";
import type { Connection } from "./connection";
import { encodeAwareness, encodeUpdate } from "./messages";
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
  /** Holds that keep the room loaded without a connection (server edits). */
  holds = 0;
  private durableTimer: NodeJS.Timeout | null = null;

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
    for (const part of parts) {
      try {
        Y.applyUpdate(room.doc, part, "store");
      } catch (error) {
        // Updates are validated before they are stored; this guards old data.
        console.error(`[collab] skipped an unreadable stored update of ${notebookId}:`, error);
      }
      room.storedBytes += part.byteLength;
    }
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
    return new Promise((resolve, reject) => {
      this.pending.push({ update, origin, resolve, reject });
      this.storedBytes += update.byteLength;
      this.flushing ??= this.flush();
    });
  }

  /** Resolves when every update received so far is stored and applied. */
  async settle(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async flush(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending;
        this.pending = [];
        try {
          const merged = batch.length === 1 ? batch[0]!.update : Y.mergeUpdates(batch.map((p) => p.update));
          await this.persistence.append(this.notebookId, [merged]);
        } catch (error) {
          for (const p of batch) p.reject(error);
          continue;
        }
        this.updatesSinceCompaction += 1;
        this.announceDurable();
        for (const p of batch) {
          try {
            Y.applyUpdate(this.doc, p.update, p.origin);
            p.resolve();
          } catch (error) {
            p.reject(error);
          }
        }
      }
    } finally {
      this.flushing = null;
    }
  }

  /**
   * Publishes the stored state vector as the server's awareness state, at
   * most every 100 ms. A client compares it with its own clock to show
   * "saved": everything it wrote is durable.
   */
  private announceDurable(): void {
    if (this.durableTimer) return;
    this.durableTimer = setTimeout(() => {
      this.durableTimer = null;
      this.awareness.setLocalState({
        server: true,
        durable: Buffer.from(Y.encodeStateVector(this.doc)).toString("base64"),
      });
    }, 100);
    this.durableTimer.unref();
  }

  /** Folds stored updates into a snapshot, then measures the document afresh. */
  async compact(): Promise<void> {
    await this.settle();
    await this.persistence.compact(this.notebookId);
    this.storedBytes = Y.encodeStateAsUpdate(this.doc).byteLength;
    this.updatesSinceCompaction = 0;
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

  destroy(): void {
    if (this.durableTimer) clearTimeout(this.durableTimer);
    this.awareness.destroy();
    this.doc.destroy();
  }
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}
