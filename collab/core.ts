import * as Y from "yjs";
import * as awarenessProtocol from "y-protocols/awareness";
import type { Principal } from "../auth/index";
import { CLOSE, type Connection } from "./connection";
import {
  checkUpdate,
  decodeAwarenessEntries,
  decodeFrame,
  encodeAwareness,
  encodeAwarenessEntries,
  encodeCommandReply,
  encodeDurable,
  encodeSyncStep1,
  encodeSyncStep2,
  MalformedFrame,
} from "./messages";
import type { DocPersistence } from "./persistence";
import { createCompactionScheduler } from "./compaction";
import { Room } from "./room";
import { ServerDraft } from "./server-draft";

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
  /** Told after a client's update is stored and applied (the kernel follows deleted cells). */
  onClientUpdate?(notebookId: string, doc: Y.Doc): void;
  /** Answers a command frame (kernel runs over the socket); the reply goes back to that connection only. */
  onCommand?(principal: Principal, notebookId: string, json: string): Promise<unknown>;
}

/**
 * Rooms and connections, apart from any transport: `handleConnection` takes
 * anything that can send and close. Lifecycle, in order: a connection is
 * admitted (by the transport), the room loads, sync step 1 and awareness are
 * sent, frames are handled, and the room unloads after it has been idle.
 */
export function createCollab(deps: CollabDeps) {
  const rooms = new Map<string, Promise<Room>>();
  /** The same rooms once loaded, for changes that must take effect synchronously. */
  const loaded = new Map<string, Room>();
  const unloadTimers = new Map<string, NodeJS.Timeout>();
  /** Each room's server-side copy for server edits, made on the first one. */
  const drafts = new WeakMap<Room, ServerDraft>();
  /** Counts access changes per notebook, so a connection admitted before one is re-checked. */
  const accessEpochs = new Map<string, number>();
  let closed = false;

  function openRoom(notebookId: string): Promise<Room> {
    clearTimeout(unloadTimers.get(notebookId));
    unloadTimers.delete(notebookId);
    let room = rooms.get(notebookId);
    if (!room) {
      const loading = Room.load(notebookId, deps.persistence);
      room = loading;
      rooms.set(notebookId, loading);
      loading.then(
        (r) => {
          if (rooms.get(notebookId) === loading) loaded.set(notebookId, r);
        },
        () => {
          if (rooms.get(notebookId) === loading) rooms.delete(notebookId);
        },
      );
    }
    return room;
  }

  /** Applies the current access of one connection: closed when gone, read-only when downgraded. */
  async function recheck(connection: Connection, notebookId: string): Promise<void> {
    const access = await deps.checkAccess(connection.principal, notebookId).catch(() => null);
    if (!access) connection.close(CLOSE.forbidden.code, CLOSE.forbidden.reason);
    else connection.readOnly = access.readOnly;
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
    const idle = () => room.connections.size === 0 && room.holds === 0 && !room.busy;
    // Everything received must be applied before the room leaves the map:
    // a room loaded meanwhile from the store would otherwise miss it.
    while (!idle()) {
      if (room.connections.size > 0 || room.holds > 0) return;
      await room.settle();
    }
    rooms.delete(room.notebookId);
    loaded.delete(room.notebookId);
    compaction.forget(room);
    try {
      if (room.updatesSinceCompaction > 0) await room.compact();
    } catch (error) {
      console.error(`[collab] unloading ${room.notebookId}:`, error);
    } finally {
      drafts.get(room)?.destroy();
      room.destroy();
    }
  }

  const compaction = createCompactionScheduler({
    threshold: deps.limits.compactAfterUpdates,
    // Unloaded while it waited: the unload compacted it already.
    isLive: (room) => loaded.get(room.notebookId) === room && !room.destroyed,
  });

  function handleFrame(room: Room, connection: Connection, frame: Uint8Array): void {
    if (frame.byteLength > deps.limits.maxMessageBytes) {
      connection.close(CLOSE.messageTooLarge.code, CLOSE.messageTooLarge.reason);
      return;
    }
    const message = decodeFrame(frame);
    switch (message.type) {
      case "sync-step-1": {
        let reply: Uint8Array;
        try {
          reply = encodeSyncStep2(room.doc, message.stateVector);
        } catch {
          // A state vector that does not decode is the client's fault, not ours.
          throw new MalformedFrame("the state vector does not decode");
        }
        connection.send(reply);
        return;
      }
      case "update": {
        // Read-only connections: refused, never applied, never broadcast.
        if (connection.readOnly) return;
        checkUpdate(message.update);
        if (room.storedBytes + message.update.byteLength > deps.limits.maxDocumentBytes) {
          connection.close(CLOSE.documentTooLarge.code, CLOSE.documentTooLarge.reason);
          return;
        }
        room.receive(message.update, connection).then(
          () => {
            compaction.noteUpdate(room);
            deps.onClientUpdate?.(room.notebookId, room.doc);
          },
          (error: unknown) => {
            console.error(`[collab] could not store an update of ${room.notebookId}:`, error);
            connection.close(CLOSE.internal.code, "could not store the update; reconnect to resync");
          },
        );
        return;
      }
      case "awareness": {
        // The server's awareness id is its own (it publishes nothing there), not a client's to take.
        const entries = decodeAwarenessEntries(message.update);
        const allowed = entries.filter((e) => e.clientId !== room.doc.clientID);
        if (allowed.length === 0) return;
        const update = allowed.length === entries.length ? message.update : encodeAwarenessEntries(allowed);
        awarenessProtocol.applyAwarenessUpdate(room.awareness, update, connection);
        return;
      }
      case "query-awareness":
        connection.send(encodeAwareness(room.awareness, [...room.awareness.getStates().keys()]));
        return;
      case "command": {
        const answer = deps.onCommand
          ? deps.onCommand(connection.principal, room.notebookId, message.json)
          : Promise.resolve({ ok: false, error: { code: "not_implemented", message: "this server takes no commands" } });
        void answer
          .catch((error: unknown) => {
            console.error("[collab] command failed:", error);
            return { ok: false, error: { code: "internal", message: "the command failed" } };
          })
          .then((reply) => connection.send(encodeCommandReply(message.id, reply)));
        return;
      }
    }
  }

  function accessEpoch(notebookId: string): number {
    return accessEpochs.get(notebookId) ?? 0;
  }

  return {
    /**
     * Joins an admitted connection to its notebook's room. Returns the frame
     * and close handlers the transport calls.
     */
    async handleConnection(connection: Connection, notebookId: string, admittedAtEpoch = accessEpoch(notebookId)) {
      const room = await openRoom(notebookId);
      room.connections.add(connection);
      // Access changed between admission and joining: the change found no connection to act on.
      if (accessEpoch(notebookId) !== admittedAtEpoch) await recheck(connection, notebookId);
      connection.send(encodeSyncStep1(room.doc));
      // The room applies an update only once it is stored: its state is what the store holds.
      if (connection.wantsDurable) connection.send(encodeDurable(Y.encodeStateVector(room.doc)));
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
     * The edit is made on the room's server copy and then goes through the
     * same path as a client's update: stored, applied, broadcast. Resolves
     * once durable.
     */
    async editDocument(notebookId: string, edit: (doc: Y.Doc) => void, options: { settle?: boolean } = {}): Promise<void> {
      const room = await openRoom(notebookId);
      room.holds += 1;
      let draft = drafts.get(room);
      try {
        // Whole-document rewrites (restore, import) must see every update received before them.
        // The kernel's writes touch only server-owned fields and skip the wait.
        if (options.settle !== false) await room.settle();
        draft = drafts.get(room);
        if (!draft) {
          draft = new ServerDraft(room.doc);
          drafts.set(room, draft);
        }
        const update = draft.edit(edit);
        if (update) await room.receive(update, "server");
        compaction.noteUpdate(room);
      } catch (error) {
        // The copy may now hold an edit the room never stored: start afresh from the room.
        if (draft && drafts.get(room) === draft) {
          drafts.delete(room);
          draft.destroy();
        }
        throw error;
      } finally {
        room.holds -= 1;
        scheduleUnload(room);
      }
    },

    /**
     * Reads a live document once every update received so far is applied.
     * `read` must not change the document or keep it.
     */
    async inspectDocument<T>(notebookId: string, read: (doc: Y.Doc) => T): Promise<T> {
      const room = await openRoom(notebookId);
      room.holds += 1;
      try {
        await room.settle();
        return read(room.doc);
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

    /**
     * Follows access changes: deleted or trashed notebooks and revoked users
     * are disconnected, downgraded users become read-only. Until the
     * re-check answers, affected connections are read-only already, so a
     * change is in force by the time the API call that made it returns.
     */
    applyAccessChange(change: { notebookId: string; userId: string | null; reason: string }): Promise<void> {
      accessEpochs.set(change.notebookId, accessEpoch(change.notebookId) + 1);
      const gone = change.reason === "deleted" || change.reason === "trashed";
      const affects = (connection: Connection) => gone || change.userId === null || connection.principal.user.id === change.userId;
      const now = loaded.get(change.notebookId);
      for (const connection of now ? [...now.connections] : []) {
        if (!affects(connection)) continue;
        if (gone) connection.close(CLOSE.gone.code, CLOSE.gone.reason);
        else connection.readOnly = true;
      }
      return (async () => {
        const room = await rooms.get(change.notebookId)?.catch(() => undefined);
        if (!room) return;
        const checks: Array<Promise<void>> = [];
        for (const connection of [...room.connections]) {
          if (!affects(connection)) continue;
          if (gone) connection.close(CLOSE.gone.code, CLOSE.gone.reason);
          else checks.push(recheck(connection, change.notebookId));
        }
        await Promise.all(checks);
      })();
    },

    /** How many access changes a notebook has had; the transport reads it before admitting. */
    accessEpoch,

    /** Closes every connection, stores what is pending and unloads every room. */
    async close(): Promise<void> {
      closed = true;
      for (const timer of unloadTimers.values()) clearTimeout(timer);
      const open = await Promise.all([...rooms.values()].map((r) => r.catch(() => null)));
      for (const room of open) {
        if (!room) continue;
        for (const connection of [...room.connections]) connection.close(CLOSE.shutdown.code, CLOSE.shutdown.reason);
        await room.settle().catch(() => undefined);
        compaction.forget(room);
        // A clean stop leaves each document compact, so the next start loads a snapshot, not a backlog.
        if (room.updatesSinceCompaction >= deps.limits.compactAfterUpdates) {
          await room.compact().catch((error: unknown) => console.error(`[collab] compaction of ${room.notebookId} at shutdown:`, error));
        }
        drafts.get(room)?.destroy();
        room.destroy();
      }
      rooms.clear();
      loaded.clear();
    },

    /** Loaded rooms, for tests and health. */
    roomCount: () => rooms.size,
  };
}

export type Collab = ReturnType<typeof createCollab>;
