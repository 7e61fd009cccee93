import * as Y from "yjs";
import * as awarenessProtocol from "y-protocols/awareness";
import type { Principal } from "../auth/index";
import { CLOSE, type Connection } from "./connection";
import { decodeFrame, encodeAwareness, encodeSyncStep1, encodeSyncStep2, MalformedFrame } from "./messages";
import type { DocPersistence } from "./persistence";
import { Room } from "./room";

export interface CollabLimits {
  /** Largest accepted frame, in bytes. */
  maxMessageBytes: number;
  /** Largest stored document (snapshot plus updates), in bytes. */
  maxDocumentBytes: number;
  /** How long a room without connections stays loaded. */
  idleUnloadMs: number;
  /** Stored updates after which a room folds them into a snapshot. */
  compactAfterUpdates: number;
}

export interface CollabDeps {
  persistence: DocPersistence;
  limits: CollabLimits;
  /** Re-checks a principal's access; null when they may no longer read the notebook. */
  checkAccess(principal: Principal, notebookId: string): Promise<{ readOnly: boolean } | null>;
}

/**
 * Rooms and connections, apart from any transport: `handleConnection` takes
 * anything that can send and close. Lifecycle, in order: a connection is
 * admitted (by the transport), the room loads, sync step 1 and awareness are
 * sent, frames are handled, and the room unloads after it has been idle.
 */
export function createCollab(deps: CollabDeps) {
  const rooms = new Map<string, Promise<Room>>();
  const unloadTimers = new Map<string, NodeJS.Timeout>();
  let closed = false;

  function openRoom(notebookId: string): Promise<Room> {
    clearTimeout(unloadTimers.get(notebookId));
    unloadTimers.delete(notebookId);
    let room = rooms.get(notebookId);
    if (!room) {
      room = Room.load(notebookId, deps.persistence);
      rooms.set(notebookId, room);
      room.catch(() => rooms.delete(notebookId));
    }
    return room;
  }

  function scheduleUnload(room: Room): void {
    if (room.connections.size > 0 || room.holds > 0 || closed) return;
    clearTimeout(unloadTimers.get(room.notebookId));
    const timer = setTimeout(() => void unload(room), deps.limits.idleUnloadMs);
    timer.unref();
    unloadTimers.set(room.notebookId, timer);
  }

  async function unload(room: Room): Promise<void> {
    unloadTimers.delete(room.notebookId);
    if (room.connections.size > 0 || room.holds > 0) return;
    rooms.delete(room.notebookId);
    try {
      await room.settle();
      if (room.updatesSinceCompaction > 0) await room.compact();
    } catch (error) {
      console.error(`[collab] unloading ${room.notebookId}:`, error);
    } finally {
      room.destroy();
    }
  }

  function maybeCompact(room: Room): void {
    if (room.updatesSinceCompaction < deps.limits.compactAfterUpdates) return;
    room.updatesSinceCompaction = 0;
    room.compact().catch((error: unknown) => console.error(`[collab] compaction of ${room.notebookId}:`, error));
  }

  function handleFrame(room: Room, connection: Connection, frame: Uint8Array): void {
    if (frame.byteLength > deps.limits.maxMessageBytes) {
      connection.close(CLOSE.messageTooLarge.code, CLOSE.messageTooLarge.reason);
      return;
    }
    const message = decodeFrame(frame);
    switch (message.type) {
      case "sync-step-1":
        connection.send(encodeSyncStep2(room.doc, message.stateVector));
        return;
      case "update": {
        // Read-only connections: refused, never applied, never broadcast.
        if (connection.readOnly) return;
        try {
          Y.decodeUpdate(message.update);
        } catch {
          throw new MalformedFrame("the update does not decode");
        }
        if (room.storedBytes + message.update.byteLength > deps.limits.maxDocumentBytes) {
          connection.close(CLOSE.documentTooLarge.code, CLOSE.documentTooLarge.reason);
          return;
        }
        room.receive(message.update, connection).then(
          () => maybeCompact(room),
          (error: unknown) => {
            console.error(`[collab] could not store an update of ${room.notebookId}:`, error);
            connection.close(CLOSE.internal.code, "could not store the update; reconnect to resync");
          },
        );
        return;
      }
      case "awareness":
        awarenessProtocol.applyAwarenessUpdate(room.awareness, message.update, connection);
        return;
      case "query-awareness":
        connection.send(encodeAwareness(room.awareness, [...room.awareness.getStates().keys()]));
        return;
    }
  }

  return {
    /**
     * Joins an admitted connection to its notebook's room. Returns the frame
     * and close handlers the transport calls.
     */
    async handleConnection(connection: Connection, notebookId: string) {
      const room = await openRoom(notebookId);
      room.connections.add(connection);
      connection.send(encodeSyncStep1(room.doc));
      const states = [...room.awareness.getStates().keys()];
      if (states.length > 0) connection.send(encodeAwareness(room.awareness, states));
      return {
        onFrame(frame: Uint8Array) {
          try {
            handleFrame(room, connection, frame);
          } catch (error) {
            // A bad frame closes only this connection.
            if (error instanceof MalformedFrame) connection.close(CLOSE.malformed.code, error.message.slice(0, 120));
            else {
              console.error("[collab] frame handling failed:", error);
              connection.close(CLOSE.internal.code, CLOSE.internal.reason);
            }
          }
        },
        onClose() {
          room.removeConnection(connection);
          scheduleUnload(room);
        },
      };
    },

    /**
     * Edits a document on the server (the kernel writes outputs this way).
     * The edit is made on a copy and then goes through the same path as a
     * client's update: stored, applied, broadcast. Resolves once durable.
     */
    async editDocument(notebookId: string, edit: (doc: Y.Doc) => void): Promise<void> {
      const room = await openRoom(notebookId);
      room.holds += 1;
      try {
        await room.settle();
        const draft = new Y.Doc();
        Y.applyUpdate(draft, Y.encodeStateAsUpdate(room.doc));
        const before = Y.encodeStateVector(draft);
        edit(draft);
        const update = Y.encodeStateAsUpdate(draft, before);
        draft.destroy();
        await room.receive(update, "server");
        maybeCompact(room);
      } finally {
        room.holds -= 1;
        scheduleUnload(room);
      }
    },

    /** A read-only copy of a document's current state (loading it if needed). */
    async readDocument(notebookId: string): Promise<Uint8Array> {
      const room = await openRoom(notebookId);
      room.holds += 1;
      try {
        await room.settle();
        return Y.encodeStateAsUpdate(room.doc);
      } finally {
        room.holds -= 1;
        scheduleUnload(room);
      }
    },

    /** Follows access changes: revoked users and deleted notebooks are disconnected. */
    async applyAccessChange(change: { notebookId: string; userId: string | null; reason: string }): Promise<void> {
      const room = await rooms.get(change.notebookId)?.catch(() => undefined);
      if (!room) return;
      for (const connection of [...room.connections]) {
        if (change.reason === "deleted" || change.reason === "trashed") {
          connection.close(CLOSE.gone.code, CLOSE.gone.reason);
          continue;
        }
        if (change.userId !== null && connection.principal.user.id !== change.userId) continue;
        const access = await deps.checkAccess(connection.principal, change.notebookId).catch(() => null);
        if (!access) connection.close(CLOSE.forbidden.code, CLOSE.forbidden.reason);
        else connection.readOnly = access.readOnly;
      }
    },

    /** Closes every connection, stores what is pending and unloads every room. */
    async close(): Promise<void> {
      closed = true;
      for (const timer of unloadTimers.values()) clearTimeout(timer);
      const loaded = await Promise.all([...rooms.values()].map((r) => r.catch(() => null)));
      for (const room of loaded) {
        if (!room) continue;
        for (const connection of [...room.connections]) connection.close(CLOSE.shutdown.code, CLOSE.shutdown.reason);
        await room.settle().catch(() => undefined);
        room.destroy();
      }
      rooms.clear();
    },

    /** Loaded rooms, for tests and health. */
    roomCount: () => rooms.size,
  };
}

export type Collab = ReturnType<typeof createCollab>;
