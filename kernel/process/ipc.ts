import type { CellOutput } from "../../protocol/outputs";
import type { KernelSettings } from "../../protocol/kernel";
import type { RunOutcome } from "./sandbox/sandbox";

/**
 * The messages between the server (kernel manager) and one kernel child
 * process. Both sides validate what they receive: a child is a separate
 * program that may be stale, wedged or killed mid-message, and the manager
 * must never act on a malformed message. Hand-written checks keep the child
 * bundle free of a schema library (its cold start matters).
 */

export type ServerMessage =
  | { type: "init"; notebookId: string; settings: KernelSettings; params: Record<string, unknown> }
  | { type: "run"; runId: string; cellId: string; code: string; filename: string; context?: RunContext }
  | { type: "forget"; names: string[] }
  | { type: "interrupt" }
  | { type: "shutdown" }
  | ServiceResponse;

/** Who runs a cell and what it says: lineage records both with every primitive call. */
export interface RunContext {
  actor: { id: string; name: string } | null;
  /** The cell's TypeScript source as it was compiled for this run. */
  source: string;
}

/** A server service's answer to a child's `request` (same `id`). */
export type ServiceResponse =
  | { type: "response"; id: number; ok: true; value: unknown }
  | { type: "response"; id: number; ok: false; error: ServiceErrorInfo };

/** A failed service call as the child sees it: a code it can branch on and a message for people. */
export interface ServiceErrorInfo {
  code: string;
  message: string;
}

/** Why the child replaced its sandbox: the state of every cell is gone. */
export interface SandboxResetReason {
  /** The run outcome kind that disposed the sandbox ("memory", "timeout", "interrupted", ...). */
  cause: string;
  message: string;
}

export type ChildMessage =
  | { type: "ready"; pid: number; backend: string | null }
  | { type: "output"; runId: string | null; cellId: string; output: CellOutput }
  | { type: "done"; runId: string; cellId: string; outcome: RunOutcome }
  | { type: "reset"; reason: SandboxResetReason }
  | { type: "log"; level: "info" | "warn" | "error"; message: string }
  | ServiceEvent
  | ServiceRequest;

/**
 * A one-way event for a named server service (`lineage` / `record`). The
 * manager hands events to their service in arrival order, before it handles
 * a `done` sent after them: a run's events are in the service when it ends.
 */
export interface ServiceEvent {
  type: "event";
  service: string;
  name: string;
  payload: unknown;
}

/** A call of a named server service's method; answered by a `response` with the same `id`. */
export interface ServiceRequest {
  type: "request";
  id: number;
  service: string;
  method: string;
  payload: unknown;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === "string";
const isPositiveInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v > 0;
/** Service, event and method names: short dotted identifiers, so a name is never a path or a prototype key. */
const SERVICE_NAME = /^[a-z][a-zA-Z0-9_]{0,63}(\.[a-z][a-zA-Z0-9_]{0,63}){0,3}$/;
const isName = (v: unknown): v is string => isStr(v) && SERVICE_NAME.test(v);

function isRunContext(v: unknown): v is RunContext {
  if (!isObj(v) || !isStr(v.source)) return false;
  return v.actor === null || (isObj(v.actor) && isStr(v.actor.id) && isStr(v.actor.name));
}

function isResponse(raw: Obj): boolean {
  if (!isPositiveInt(raw.id)) return false;
  if (raw.ok === true) return "value" in raw;
  return raw.ok === false && isObj(raw.error) && isStr(raw.error.code) && isStr(raw.error.message);
}

function isSettings(v: unknown): v is KernelSettings {
  return (
    isObj(v) &&
    isPositiveInt(v.memoryLimitMb) &&
    isPositiveInt(v.cellTimeoutMs) &&
    isPositiveInt(v.idleShutdownMs) &&
    isPositiveInt(v.maxKernels)
  );
}

/** Checks the shape the manager relies on; the outputs' own fields are the sandbox's contract. */
function isOutput(v: unknown): v is CellOutput {
  return isObj(v) && isStr(v.type);
}

const ERROR_KINDS = new Set(["exception", "timeout", "memory", "interrupted", "internal"]);

function isOutcome(v: unknown): v is RunOutcome {
  if (!isObj(v)) return false;
  if (v.ok === true) return Array.isArray(v.defs) && v.defs.every(isStr) && (v.value === null || isObj(v.value));
  return v.ok === false && isObj(v.error) && isStr(v.error.kind) && ERROR_KINDS.has(v.error.kind);
}

/** A server message, or null when `raw` is not one. */
export function parseServerMessage(raw: unknown): ServerMessage | null {
  if (!isObj(raw)) return null;
  switch (raw.type) {
    case "init":
      return isStr(raw.notebookId) && isSettings(raw.settings) && isObj(raw.params) ? (raw as ServerMessage) : null;
    case "run":
      return isStr(raw.runId) &&
        isStr(raw.cellId) &&
        isStr(raw.code) &&
        isStr(raw.filename) &&
        (raw.context === undefined || isRunContext(raw.context))
        ? (raw as ServerMessage)
        : null;
    case "response":
      return isResponse(raw) ? (raw as ServerMessage) : null;
    case "forget":
      return Array.isArray(raw.names) && raw.names.every(isStr) ? (raw as ServerMessage) : null;
    case "interrupt":
    case "shutdown":
      return raw as ServerMessage;
    default:
      return null;
  }
}

/** A child message, or null when `raw` is not one. */
export function parseChildMessage(raw: unknown): ChildMessage | null {
  if (!isObj(raw)) return null;
  switch (raw.type) {
    case "ready":
      return isPositiveInt(raw.pid) && (raw.backend === null || isStr(raw.backend)) ? (raw as ChildMessage) : null;
    case "output":
      return (raw.runId === null || isStr(raw.runId)) && isStr(raw.cellId) && isOutput(raw.output)
        ? (raw as ChildMessage)
        : null;
    case "done":
      return isStr(raw.runId) && isStr(raw.cellId) && isOutcome(raw.outcome) ? (raw as ChildMessage) : null;
    case "reset":
      return isObj(raw.reason) && isStr(raw.reason.cause) && isStr(raw.reason.message) ? (raw as ChildMessage) : null;
    case "log":
      return (raw.level === "info" || raw.level === "warn" || raw.level === "error") && isStr(raw.message)
        ? (raw as ChildMessage)
        : null;
    case "event":
      return isName(raw.service) && isName(raw.name) && "payload" in raw ? (raw as ChildMessage) : null;
    case "request":
      return isPositiveInt(raw.id) && isName(raw.service) && isName(raw.method) && "payload" in raw ? (raw as ChildMessage) : null;
    default:
      return null;
  }
}
