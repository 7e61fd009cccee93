import { parseLineageEvent, type LineageEvent } from "./event";

/**
 * Batches lineage events into the store. `record` only enqueues (it never
 * waits for the store); `flush` resolves once everything recorded before it
 * is durable. A failing write keeps its batch at the head of the queue and is
 * retried with exponential backoff: events are never dropped, and past
 * `maxBuffered` waiting events `record` refuses new ones with
 * `LineageBufferFullError` instead of growing without bound.
 */
export interface LineageRecorderOptions {
  /** Writes one batch durably (one transaction), or throws. */
  write(batch: readonly LineageEvent[]): Promise<void>;
  /** Largest batch per write. */
  maxBatch?: number;
  /** Events kept waiting while the store is unreachable, at most. */
  maxBuffered?: number;
  /** First retry delay and its ceiling, in ms; the delay doubles per failure. */
  retryInitialMs?: number;
  retryMaxMs?: number;
  /**
   * For an event the store refuses while it is reachable (a poison event that
   * no retry can fix): after `isolateAfter` failures a batch is retried one
   * event at a time, and a single event that keeps failing while `reachable()`
   * answers true is handed to `quarantine`, which must keep it durably
   * elsewhere; then the queue moves on. Without both, it is retried forever.
   */
  reachable?(): Promise<boolean>;
  quarantine?(event: LineageEvent, error: unknown): Promise<void>;
  isolateAfter?: number;
  /** Told of each failed write (logging); the batch stays queued. */
  onWriteError?(error: unknown, attempt: number, buffered: number): void;
  /** Injected by tests so that retries need no real waiting. */
  sleep?(ms: number): Promise<void>;
}

export interface LineageRecorder {
  /** Validates and enqueues one event; throws on a malformed event or a full buffer. */
  record(event: unknown): void;
  /**
   * Resolves when every event recorded before this call is durable. With a
   * signal, stops waiting when it aborts (rejecting with its reason); the
   * events stay buffered and are still written.
   */
  flush(options?: { signal?: AbortSignal }): Promise<void>;
  /** Events recorded but not yet durable. */
  readonly buffered: number;
  /** The last write error while the store is failing; null once a write succeeds. */
  readonly lastError: unknown;
  /**
   * Flushes and stops. With `deadlineMs`, gives up waiting after that long and
   * rejects, naming how many events were not written.
   */
  close(options?: { deadlineMs?: number }): Promise<void>;
}

export class LineageBufferFullError extends Error {
  constructor(limit: number, cause: unknown) {
    const reason = cause instanceof Error ? `: ${cause.message}` : "";
    super(`lineage buffer full (${limit} events waiting for the store${reason}); refusing to record more until the store is reachable`);
    this.name = "LineageBufferFullError";
  }
}

export class LineageRecorderClosedError extends Error {
  constructor() {
    super("the lineage recorder is closed");
    this.name = "LineageRecorderClosedError";
  }
}

interface Waiter {
  upTo: number;
  resolve(): void;
}

export function createLineageRecorder(options: LineageRecorderOptions): LineageRecorder {
  const maxBatch = options.maxBatch ?? 500;
  const maxBuffered = options.maxBuffered ?? 100_000;
  const initialMs = options.retryInitialMs ?? 50;
  const maxMs = options.retryMaxMs ?? 5_000;
  const isolateAfter = options.isolateAfter ?? 5;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref?.()));

  const queue: LineageEvent[] = [];
  // Sequence numbers: `recorded` counts every accepted event, `written` the durable prefix.
  let recorded = 0;
  let written = 0;
  let waiters: Waiter[] = [];
  let draining: Promise<void> | null = null;
  let lastError: unknown = null;
  let closed = false;
  // Set when close() gave up: the retry loop ends instead of outliving the service.
  let stopped = false;

  function settleWaiters(): void {
    const ready = waiters.filter((w) => w.upTo <= written);
    waiters = waiters.filter((w) => w.upTo > written);
    for (const w of ready) w.resolve();
  }

  function advance(count: number): void {
    queue.splice(0, count);
    written += count;
    settleWaiters();
  }

  async function isReachable(): Promise<boolean> {
    try {
      return (await options.reachable?.()) === true;
    } catch {
      return false;
    }
  }

  /** After repeated failures: split the batch, set its one event aside, or wait and retry. */
  async function isolate(batch: readonly LineageEvent[], error: unknown): Promise<"split" | "quarantined" | "wait"> {
    if (!options.quarantine || !options.reachable) return "wait";
    if (batch.length > 1) return "split";
    if (!(await isReachable())) return "wait";
    try {
      await options.quarantine(batch[0]!, error);
    } catch {
      return "wait";
    }
    return "quarantined";
  }

  async function drain(): Promise<void> {
    let attempt = 0;
    // Events still to be written one at a time, after a batch of them kept failing.
    let single = 0;
    while (queue.length > 0 && !stopped) {
      const batch = queue.slice(0, single > 0 ? 1 : maxBatch);
      try {
        await options.write(batch);
      } catch (error) {
        attempt += 1;
        lastError = error;
        options.onWriteError?.(error, attempt, queue.length);
        if (attempt >= isolateAfter) {
          const outcome = await isolate(batch, error);
          if (outcome === "split") {
            single = batch.length;
            attempt = 0;
            continue;
          }
          if (outcome === "quarantined") {
            advance(1);
            single = Math.max(0, single - 1);
            attempt = 0;
            continue;
          }
        }
        await sleep(Math.min(maxMs, initialMs * 2 ** Math.min(attempt - 1, 30)));
        continue;
      }
      attempt = 0;
      lastError = null;
      if (single > 0) single -= 1;
      advance(batch.length);
    }
  }

  function schedule(): void {
    if (draining) return;
    // A macrotask later, so events recorded in the same turn share a batch.
    draining = new Promise<void>((resolve) => setImmediate(resolve))
      .then(drain)
      .finally(() => {
        draining = null;
        if (queue.length > 0 && !stopped) schedule();
      });
  }

  function flush(flushOptions: { signal?: AbortSignal } = {}): Promise<void> {
    if (written >= recorded) return Promise.resolve();
    const { signal } = flushOptions;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const upTo = recorded;
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        upTo,
        resolve: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      function onAbort(): void {
        waiters = waiters.filter((w) => w !== waiter);
        reject(signal!.reason);
      }
      signal?.addEventListener("abort", onAbort, { once: true });
      waiters.push(waiter);
    });
  }

  return {
    record(input) {
      if (closed) throw new LineageRecorderClosedError();
      const event = parseLineageEvent(input);
      if (queue.length >= maxBuffered) throw new LineageBufferFullError(maxBuffered, lastError);
      queue.push(event);
      recorded += 1;
      schedule();
    },
    flush,
    get buffered() {
      return queue.length;
    },
    get lastError() {
      return lastError;
    },
    async close(closeOptions = {}) {
      closed = true;
      const done = flush();
      if (closeOptions.deadlineMs === undefined) return done;
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`lineage: ${queue.length} events not written before shutdown`)),
          closeOptions.deadlineMs,
        );
      });
      try {
        await Promise.race([done, deadline]);
      } catch (error) {
        stopped = true;
        throw error;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
