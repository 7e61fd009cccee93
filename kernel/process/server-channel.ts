import type { ChildMessage, ServiceResponse } from "./ipc";

/**
 * The kernel child's way to the server's services (the lineage store, later
 * the feature store, experiment tracking, the model registry): the child has
 * no database connection, the server process does. One-way events and
 * request/response calls travel over the kernel's IPC channel; the server
 * validates every payload, so a child can ask only what a service offers.
 */
export interface ServerChannel {
  /**
   * Sends a one-way event to `service`. Events leave in call order, and the
   * server hands them over before it sees a `done` sent after them.
   *
   * @example
   * server.emit("lineage", "record", event);
   */
  emit(service: string, name: string, payload: unknown): void;
  /**
   * Calls `service.method` and resolves with its answer; rejects with a
   * ServerRequestError (code + message) when the service refuses or fails,
   * the signal aborts, the timeout passes or the channel closes.
   *
   * @example
   * const file = await server.request<{ path: string }>("files", "resolve", { name: "sales.csv" });
   */
  request<T = unknown>(service: string, method: string, payload: unknown, options?: RequestOptions): Promise<T>;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Default 60 s: a request never waits forever on a server that lost it. */
  timeoutMs?: number;
}

/** A failed request; `code` is the service's (`not_found`, `invalid_payload`, …) or the channel's (`timeout`, `aborted`, `closed`). */
export class ServerRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ServerRequestError";
  }
}

export interface ChildServerChannel extends ServerChannel {
  /** Settles the pending request a `response` answers (unknown ids are ignored: timed out already). */
  receive(response: ServiceResponse): void;
  /** Rejects every pending request and refuses new ones. */
  close(reason: string): void;
  readonly pending: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;

interface Pending {
  resolve(value: unknown): void;
  reject(error: ServerRequestError): void;
}

export function createServerChannel(send: (message: ChildMessage) => boolean | void): ChildServerChannel {
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let closed: string | null = null;

  return {
    emit(service, name, payload) {
      if (closed) throw new ServerRequestError("closed", `the server channel is closed: ${closed}`);
      send({ type: "event", service, name, payload });
    },
    request<T>(service: string, method: string, payload: unknown, options: RequestOptions = {}): Promise<T> {
      if (closed) return Promise.reject(new ServerRequestError("closed", `the server channel is closed: ${closed}`));
      const signal = options.signal;
      if (signal?.aborted) return Promise.reject(new ServerRequestError("aborted", `${service}.${method} was aborted`));
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
        const finish = () => {
          clearTimeout(timer);
          signal?.removeEventListener("abort", onAbort);
          pending.delete(id);
        };
        const onAbort = () => {
          finish();
          reject(new ServerRequestError("aborted", `${service}.${method} was aborted`));
        };
        const timer = setTimeout(() => {
          finish();
          reject(new ServerRequestError("timeout", `${service}.${method} got no answer within ${timeoutMs} ms`));
        }, timeoutMs);
        signal?.addEventListener("abort", onAbort, { once: true });
        pending.set(id, {
          resolve: (value) => {
            finish();
            resolve(value as T);
          },
          reject: (error) => {
            finish();
            reject(error);
          },
        });
        if (send({ type: "request", id, service, method, payload }) === false) {
          pending.get(id)?.reject(new ServerRequestError("closed", `${service}.${method} could not be sent: the channel is closed`));
        }
      });
    },
    receive(response) {
      const entry = pending.get(response.id);
      if (!entry) return;
      if (response.ok) entry.resolve(response.value);
      else entry.reject(new ServerRequestError(response.error.code, response.error.message));
    },
    close(reason) {
      closed = reason;
      for (const entry of [...pending.values()]) entry.reject(new ServerRequestError("closed", `the server channel closed: ${reason}`));
    },
    get pending() {
      return pending.size;
    },
  };
}
