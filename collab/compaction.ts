import type { Room } from "./room";

/** How long a room that is due for compaction waits for a pause in its updates. */
const QUIET_MS = 1_000;
/** A room that never pauses compacts anyway at this many times the threshold. */
const FORCE_FACTOR = 4;

export interface CompactionScheduler {
  /** A room stored an update: compacts it when it is due and quiet. */
  noteUpdate(room: Room): void;
  /** The room is leaving (unload or shutdown compacts it themselves). */
  forget(room: Room): void;
}

/**
 * Compaction is upkeep, so it waits for a pause: a room compacts once it
 * has stored `threshold` batches and then had no update for QUIET_MS (or at
 * once past FORCE_FACTOR times as many). Compactions run one at a time,
 * server-wide: rooms opened together reach the threshold together, and
 * fifty compactions at once held the store (PGlite has one connection) and
 * the event loop for tens of milliseconds, which every room's edits then
 * waited out.
 *
 * @example
 * const compaction = createCompactionScheduler({ threshold: 500, isLive: (room) => !room.destroyed });
 * compaction.noteUpdate(room);
 */
export function createCompactionScheduler(options: { threshold: number; isLive(room: Room): boolean }): CompactionScheduler {
  const queued = new Set<Room>();
  const quietTimers = new Map<Room, NodeJS.Timeout>();
  const lastUpdateAt = new Map<Room, number>();
  let tail: Promise<void> = Promise.resolve();

  function forget(room: Room): void {
    clearTimeout(quietTimers.get(room));
    quietTimers.delete(room);
    lastUpdateAt.delete(room);
  }

  function armQuietTimer(room: Room, delayMs: number): void {
    const timer = setTimeout(() => {
      quietTimers.delete(room);
      const quietFor = performance.now() - (lastUpdateAt.get(room) ?? 0);
      // One timer per room, moved on when it fires early, not one per update.
      if (quietFor < QUIET_MS) armQuietTimer(room, QUIET_MS - quietFor);
      else enqueue(room);
    }, delayMs);
    timer.unref();
    quietTimers.set(room, timer);
  }

  function enqueue(room: Room): void {
    forget(room);
    if (queued.has(room)) return;
    queued.add(room);
    tail = tail.then(async () => {
      // PGlite's statements resolve without yielding: without this turn, a queue of compactions ran as one long task.
      await new Promise((resolve) => setImmediate(resolve));
      try {
        if (options.isLive(room)) await room.compact();
      } catch (error) {
        console.error(`[collab] compaction of ${room.notebookId}:`, error);
      } finally {
        queued.delete(room);
      }
    });
  }

  return {
    noteUpdate(room) {
      const stored = room.updatesSinceCompaction;
      if (stored < options.threshold || queued.has(room)) return;
      lastUpdateAt.set(room, performance.now());
      if (stored >= options.threshold * FORCE_FACTOR) enqueue(room);
      else if (!quietTimers.has(room)) armQuietTimer(room, QUIET_MS);
    },
    forget,
  };
}
