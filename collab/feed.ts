import type { Principal } from "../auth/index";
import type { FeedEndReason } from "../protocol/comments";
import { AppError } from "../protocol/errors";

export interface FeedDeps {
  /** Throws (an AppError: 404/403) when the principal may not read the notebook, now. */
  checkAccess(principal: Principal, notebookId: string): Promise<void>;
  /** How often an idle stream sends a comment line so proxies keep it open. */
  heartbeatMs?: number;
  /** Events queued for a reader that does not keep up, before its stream is ended. */
  maxQueued?: number;
}

export interface FeedAccessChange {
  notebookId: string;
  userId: string | null;
  reason: "revoked" | "granted" | "trashed" | "deleted";
}

const encoder = new TextEncoder();

/** One Server-Sent Events message; `data` is JSON, which never contains a raw newline. */
export function formatServerEvent(type: string, data: unknown): string {
  return `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * Live notebook events for browsers, as Server-Sent Events streams: each
 * open stream gets every event published for its notebook. Access is
 * re-checked whenever it changes for that user, and events wait while it is
 * being checked, so a revoked user receives nothing after the revocation.
 *
 * @example
 * const feed = createNotebookFeed({ checkAccess: (p, id) => notebooks.access(p, id, "notebook.read").then(() => {}) });
 * events.on("comment", (e) => feed.publish(e.notebookId, "comment", e));
 * return new Response(await feed.open(principal, notebookId, request.signal), { headers: { "content-type": "text/event-stream" } });
 */
export function createNotebookFeed(deps: FeedDeps) {
  const heartbeatMs = deps.heartbeatMs ?? 15_000;
  const maxQueued = deps.maxQueued ?? 256;
  const byNotebook = new Map<string, Set<Subscriber>>();
  let closed = false;

  class Subscriber {
    controller!: ReadableStreamDefaultController<Uint8Array>;
    /** Access checks in flight; events wait in `held` until they pass. */
    checking = 0;
    held: string[] = [];
    ended = false;
    heartbeat: NodeJS.Timeout | undefined;

    constructor(
      readonly principal: Principal,
      readonly notebookId: string,
    ) {}

    send(chunk: string): void {
      if (this.ended) return;
      if (this.checking > 0) {
        this.held.push(chunk);
        return;
      }
      this.write(chunk);
    }

    write(chunk: string): void {
      if (this.ended) return;
      if ((this.controller.desiredSize ?? 0) < -maxQueued) return this.end("overflow");
      try {
        this.controller.enqueue(encoder.encode(chunk));
      } catch {
        this.drop();
      }
    }

    async check(): Promise<boolean> {
      this.checking += 1;
      let allowed = true;
      try {
        await deps.checkAccess(this.principal, this.notebookId);
      } catch {
        allowed = false;
      }
      this.checking -= 1;
      if (!allowed) {
        this.end("revoked");
        return false;
      }
      if (this.checking === 0) this.release();
      return true;
    }

    release(): void {
      for (const chunk of this.held.splice(0)) this.write(chunk);
    }

    /** Ends the stream from the server side, telling the client why. */
    end(reason: FeedEndReason): void {
      if (this.ended) return;
      this.held = [];
      try {
        this.controller.enqueue(encoder.encode(formatServerEvent("end", { reason })));
        this.controller.close();
      } catch {
        // the reader is already gone
      }
      this.drop();
    }

    /** Forgets the subscriber (the client left, or the stream ended). */
    drop(): void {
      this.ended = true;
      clearInterval(this.heartbeat);
      const set = byNotebook.get(this.notebookId);
      set?.delete(this);
      if (set?.size === 0) byNotebook.delete(this.notebookId);
    }
  }

  function listSubscribers(notebookId: string): Subscriber[] {
    return [...(byNotebook.get(notebookId) ?? [])];
  }

  return {
    /**
     * Opens a stream of a notebook's events for a principal. Rejects (before
     * any byte is sent) when they may not read it. The stream ends when the
     * client aborts (`signal`, or cancelling the body), when their access
     * ends, or when the server shuts down.
     */
    async open(principal: Principal, notebookId: string, signal?: AbortSignal): Promise<ReadableStream<Uint8Array>> {
      if (closed) throw new AppError("unavailable", "the server is shutting down; reconnect shortly");
      const subscriber = new Subscriber(principal, notebookId);
      const stream = new ReadableStream<Uint8Array>({
        start: (controller) => {
          subscriber.controller = controller;
        },
        cancel: () => subscriber.drop(),
      });
      // Subscribed before the check, so an access change during the check is not missed.
      let set = byNotebook.get(notebookId);
      if (!set) byNotebook.set(notebookId, (set = new Set()));
      set.add(subscriber);
      subscriber.checking += 1;
      try {
        await deps.checkAccess(principal, notebookId);
      } catch (error) {
        subscriber.drop();
        throw error;
      } finally {
        subscriber.checking -= 1;
      }
      if (signal?.aborted) subscriber.drop();
      // Ended already: the client left, or the notebook went away during the check.
      if (subscriber.ended) return stream;
      signal?.addEventListener("abort", () => subscriber.drop(), { once: true });
      subscriber.write(`retry: 3000\n${formatServerEvent("ready", { notebookId })}`);
      // Events published during the check go out now, unless a re-check started meanwhile: it releases them.
      if (subscriber.checking === 0) subscriber.release();
      subscriber.heartbeat = setInterval(() => subscriber.send(": heartbeat\n\n"), heartbeatMs);
      subscriber.heartbeat.unref();
      return stream;
    },

    /** Sends an event to every open stream of the notebook. */
    publish(notebookId: string, type: string, data: unknown): void {
      const chunk = formatServerEvent(type, data);
      for (const subscriber of listSubscribers(notebookId)) subscriber.send(chunk);
    },

    /** Follows access changes: trashed and deleted notebooks end every stream; others re-check. */
    applyAccessChange(change: FeedAccessChange): void {
      for (const subscriber of listSubscribers(change.notebookId)) {
        if (change.reason === "trashed" || change.reason === "deleted") subscriber.end(change.reason);
        else if (change.userId === null || change.userId === subscriber.principal.user.id) void subscriber.check();
      }
    },

    /** Ends every stream (server shutdown); clients reconnect to the next server. */
    close(): void {
      closed = true;
      for (const set of [...byNotebook.values()]) for (const subscriber of [...set]) subscriber.end("shutdown");
    },

    /** Open streams, for tests and health. */
    count: (): number => [...byNotebook.values()].reduce((n, set) => n + set.size, 0),
  };
}

export type NotebookFeed = ReturnType<typeof createNotebookFeed>;

