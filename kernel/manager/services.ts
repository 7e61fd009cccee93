import { randomUUID } from "node:crypto";
import type { NotebookId } from "../../protocol/ids";
import { isAppError } from "../../protocol/errors";
import type { ServiceErrorInfo, ServiceEvent, ServiceRequest, ServiceResponse } from "../process/ipc";

/**
 * The server's side of the kernel's service channel: named services a kernel
 * child may reach (`lineage`, `files`, …). The server injects them into the
 * kernel manager, so tests can replace any of them. The child is not trusted
 * with anything: every handler validates its payload, and the notebook a
 * call is for comes from the manager, never from the child.
 */
export interface ServiceContext {
  /** The notebook whose kernel sent the event or request. */
  notebookId: NotebookId;
}

export interface RequestContext extends ServiceContext {
  /** Aborted when the kernel process exits before the answer. */
  signal: AbortSignal;
  /**
   * The user whose cell run was in flight when the request arrived (the
   * server's own record, not the child's word); null for work a cell left
   * running after it ended.
   */
  actorId: string | null;
}

export interface KernelServerService {
  /**
   * One-way events, handled synchronously in arrival order: a run's events
   * are handed over before the manager sees the run's `done`. A handler that
   * throws refuses the event (logged; the child is not told).
   */
  events?: Record<string, (payload: unknown, ctx: ServiceContext) => void>;
  /** Request handlers; what they resolve with is structured-cloned to the child. */
  methods?: Record<string, (payload: unknown, ctx: RequestContext) => Promise<unknown> | unknown>;
  /**
   * The notebook's kernel lost its state (restart, crash, idle shutdown,
   * sandbox reset): whatever the service keeps for that kernel is stale.
   */
  onKernelReset?(notebookId: NotebookId): void;
}

export type KernelServerServices = Readonly<Record<string, KernelServerService>>;

/** Thrown by a handler for a payload it cannot take; the child sees `invalid_payload`. */
export class InvalidPayloadError extends Error {
  readonly code = "invalid_payload";
  constructor(message: string) {
    super(message);
    this.name = "InvalidPayloadError";
  }
}

export interface ServiceDispatcher {
  event(message: ServiceEvent): void;
  /** Never rejects: failures become an error response. */
  request(message: ServiceRequest): Promise<ServiceResponse>;
  /** The kernel is gone: requests in flight are aborted. */
  close(): void;
}

export function createServiceDispatcher(
  services: KernelServerServices,
  notebookId: NotebookId,
  log: (level: "warn" | "error", message: string) => void,
  currentActor: () => string | null = () => null,
): ServiceDispatcher {
  const inFlight = new Set<AbortController>();
  const ctx: ServiceContext = { notebookId };

  /** Own properties only: a service or method named `toString` or `__proto__` is no handler. */
  function lookup<T>(table: Record<string, T> | undefined, name: string): T | undefined {
    return table && Object.hasOwn(table, name) ? table[name] : undefined;
  }

  return {
    event(message) {
      const service = Object.hasOwn(services, message.service) ? services[message.service] : undefined;
      const handler = lookup(service?.events, message.name);
      if (!handler) {
        log("warn", `ignored an event for an unknown service handler ${message.service}.${message.name}`);
        return;
      }
      try {
        handler(message.payload, ctx);
      } catch (error) {
        log("error", `${message.service}.${message.name} refused an event: ${describe(error)}`);
      }
    },
    async request(message) {
      const service = Object.hasOwn(services, message.service) ? services[message.service] : undefined;
      const handler = lookup(service?.methods, message.method);
      if (!handler) {
        return failure(message.id, { code: "unknown_method", message: `the server has no service method ${message.service}.${message.method}` });
      }
      const controller = new AbortController();
      inFlight.add(controller);
      try {
        const value = await handler(message.payload, { ...ctx, signal: controller.signal, actorId: currentActor() });
        return { type: "response", id: message.id, ok: true, value };
      } catch (error) {
        return failure(message.id, toErrorInfo(error, `${message.service}.${message.method}`, log));
      } finally {
        inFlight.delete(controller);
      }
    },
    close() {
      for (const controller of inFlight) controller.abort();
      inFlight.clear();
    },
  };
}

function failure(id: number, error: ServiceErrorInfo): ServiceResponse {
  return { type: "response", id, ok: false, error };
}

/** Expected failures keep their code and message; anything else reaches the child as an id, the details stay in the log. */
function toErrorInfo(error: unknown, what: string, log: (level: "warn" | "error", message: string) => void): ServiceErrorInfo {
  if (isAppError(error)) return { code: error.code, message: error.message };
  if (error instanceof InvalidPayloadError) return { code: error.code, message: error.message };
  const id = randomUUID().slice(0, 8);
  log("error", `${what} failed (id ${id}): ${describe(error)}`);
  return { code: "internal", message: `${what} failed on the server (id ${id})` };
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
