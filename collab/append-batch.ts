/**
 * Group commit across rooms. Each room already batches its own updates, but
 * fifty busy rooms still meant fifty INSERTs in flight, and embedded PGlite
 * runs statements one at a time, so latency grew with the number of rooms.
 * Rows that rooms hand in while a write is in flight go out together in the
 * next one: one statement, one commit, however many rooms.
 *
 * A row is durable when its promise resolves. A room keeps one append in
 * flight at a time, so its rows stay in order within and across writes.
 */
export interface AppendRow {
  notebookId: string;
  update: Uint8Array;
}

/** Writes rows in one statement, in the given order; durable when it resolves. */
export type WriteRows = (rows: AppendRow[]) => Promise<void>;

export type AppendBatcher = (notebookId: string, updates: Uint8Array[]) => Promise<void>;

interface Waiting {
  notebookId: string;
  updates: Uint8Array[];
  resolve(): void;
  reject(error: unknown): void;
}

export interface AppendBatcherOptions {
  /**
   * Least time between the starts of two writes. Embedded PGlite runs each
   * statement on the server's own thread at a fixed cost (about 0.4 ms for
   * an append), so a fast typist's one frame a millisecond became one
   * commit a millisecond, most of the thread. On Postgres each commit costs
   * a round trip and a WAL flush on the database server, whose CPU the
   * typist's machine may share (on two cores, 3 ms between writes took the
   * B4 replay's cold-server ratio from 1.47x-1.82x to 1.21x-1.45x). Spacing
   * writes a few milliseconds apart under such a load lets each carry
   * several frames and costs an edit at most that much latency; an idle
   * store writes at once.
   */
  minIntervalMs?: number;
}

export function createAppendBatcher(write: WriteRows, options: AppendBatcherOptions = {}): AppendBatcher {
  const minIntervalMs = options.minIntervalMs ?? 0;
  let queue: Waiting[] = [];
  let writing = false;
  let lastStarted = Number.NEGATIVE_INFINITY;

  async function drain(): Promise<void> {
    writing = true;
    try {
      while (queue.length > 0) {
        const wait = lastStarted + minIntervalMs - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const batch = queue;
        queue = [];
        await writeBatch(batch);
      }
    } finally {
      writing = false;
    }
  }

  async function writeBatch(batch: Waiting[]): Promise<void> {
    lastStarted = performance.now();
    try {
      await write(batch.flatMap((w) => w.updates.map((update) => ({ notebookId: w.notebookId, update }))));
      for (const w of batch) w.resolve();
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      // One room's rows can fail the statement for everyone (its notebook was
      // deleted meanwhile, say): each room then gets its own write and its own
      // answer. Nothing of the failed statement was stored, so none repeats.
      for (const w of batch) await writeBatch([w]);
    }
  }

  return (notebookId, updates) => {
    if (updates.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      queue.push({ notebookId, updates, resolve, reject });
      // Started after this turn of the event loop has read every frame that
      // had arrived, so they share the first write. Embedded PGlite runs a
      // statement without giving the event loop a turn, so nothing arrives
      // while a write is in flight; started on a microtask, every write held
      // one frame's row (1,100 single-row writes a second in collab-broadcast).
      if (!writing) {
        writing = true;
        setImmediate(() => void drain());
      }
    });
  };
}
