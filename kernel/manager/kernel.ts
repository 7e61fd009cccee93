import { randomUUID } from "node:crypto";
import type { NotebookId } from "../../protocol/ids";
import type { KernelSettings, KernelStatus } from "../../protocol/kernel";
import type { CellOutput } from "../../protocol/outputs";
import { parseChildMessage, type ChildMessage, type RunContext } from "../process/ipc";
import type { RunOutcome } from "../process/sandbox/sandbox";
import type { ChildExit, KernelChild } from "./child";
import { createServiceDispatcher, type KernelServerServices } from "./services";

/** A compiled cell, as `kernel/analyze` produces it. */
export interface CompiledCell {
  cellId: string;
  code: string;
  filename: string;
}

/**
 * Why a kernel's state (every cell's definitions) is gone. `sandbox`: the
 * child replaced its isolate after a memory, timeout or stuck-interrupt
 * outcome, and keeps running. The others end the process.
 */
export type KernelResetReason =
  | { kind: "sandbox"; cause: string; message: string }
  | { kind: "crash"; message: string }
  | { kind: "killed"; message: string }
  | { kind: "restart"; message: string }
  | { kind: "idle"; message: string }
  | { kind: "shutdown"; message: string };

/** Why the manager stops a kernel. */
export type StopReason = "restart" | "idle" | "shutdown";

/** One kernel process of one notebook, from start to exit. A new start is a new handle. */
export interface KernelHandle {
  readonly notebookId: NotebookId;
  readonly pid: number | null;
  /** starting, idle, busy or dead. */
  readonly status: KernelStatus;
  /** Epoch milliseconds. */
  readonly startedAt: number;
  readonly backend: string | null;
  /** The settings this process was started with. */
  readonly settings: KernelSettings;
  /**
   * Runs one cell. One run at a time: the caller queues, and a second call
   * while busy throws. Never rejects for the kernel's sake: a crash, kill or
   * stop resolves it with an `internal`, `memory` or `interrupted` outcome.
   */
  run(cell: CompiledCell, onOutput: (output: CellOutput) => void, context?: RunContext): Promise<RunOutcome>;
  /** Deletes globals a removed or redefined cell had defined (applied in order with runs). */
  forget(names: string[]): void;
  /** Called when this kernel's state is lost; returns an unsubscribe. */
  onReset(listener: (reason: KernelResetReason) => void): () => void;
}

export interface Kernel extends KernelHandle {
  /** Resolves when the child reported `ready`; rejects if it exited or timed out first. */
  readonly ready: Promise<void>;
  /** Restarts the idle countdown (an acquire counts as use). */
  touch(): void;
  /** Interrupts the running cell; false when none runs. */
  interrupt(): boolean;
  /** Ends the process: a graceful `shutdown`, then SIGKILL after a grace period. */
  stop(reason: StopReason): Promise<void>;
  /** Whether the process is gone or going. */
  readonly ending: boolean;
}

export interface KernelTimings {
  /** How long `ready` may take. */
  startTimeoutMs: number;
  /** How long an interrupted run may take to end before the process is killed. */
  interruptGraceMs: number;
  /** How long a graceful shutdown may take before SIGKILL. */
  shutdownGraceMs: number;
}

export interface StartKernelArgs {
  notebookId: NotebookId;
  child: KernelChild;
  settings: KernelSettings;
  params: Record<string, unknown>;
  timings: KernelTimings;
  /** The server services this kernel's child may send events and requests to. */
  services: KernelServerServices;
  /** Called once the idle countdown ran out. */
  onIdle(): void;
  /** Called when a reset happened (state lost), after the kernel's own listeners. */
  onReset(reason: KernelResetReason): void;
  /** An output of a cell whose run already ended. */
  onLateOutput(cellId: string, output: CellOutput): void;
  /** Called once the process is gone. */
  onExit(): void;
  log(level: "info" | "warn" | "error", message: string): void;
}

interface InFlight {
  runId: string;
  cellId: string;
  /** Who ran the cell: the services act for this user while it runs. */
  actorId: string | null;
  onOutput(output: CellOutput): void;
  resolve(outcome: RunOutcome): void;
}

const OOM_PATTERN = /out of memory|heap limit|allocation failed/i;

const STOP_MESSAGES: Record<StopReason, string> = {
  restart: "The kernel was restarted; every cell's state was lost.",
  idle: "The kernel shut down after being idle; every cell's state was lost.",
  shutdown: "The kernel was shut down; every cell's state was lost.",
};

export function startKernel(args: StartKernelArgs): Kernel {
  const { child, settings, timings } = args;
  let status: KernelStatus = "starting";
  let pid: number | null = child.pid ?? null;
  let backend: string | null = null;
  let inFlight: InFlight | null = null;
  let idleTimer: NodeJS.Timeout | null = null;
  let interruptTimer: NodeJS.Timeout | null = null;
  /** Set when the manager ends the process on purpose, so its exit is no crash. */
  let stopping: StopReason | "interrupt-kill" | null = null;
  let exitPromise: Promise<void> | null = null;
  const listeners = new Set<(reason: KernelResetReason) => void>();

  let markReady!: () => void;
  let failStart!: (error: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failStart = reject;
  });
  // A start that fails is reported through `ready` to whoever awaits it; nobody may be.
  ready.catch(() => undefined);
  const startTimer = setTimeout(() => {
    failStart(new Error(`the kernel did not start within ${timings.startTimeoutMs} ms`));
    child.kill("SIGKILL");
  }, timings.startTimeoutMs);

  const exited = new Promise<ChildExit>((resolve) => child.onExit(resolve));
  const dispatcher = createServiceDispatcher(
    args.services,
    args.notebookId,
    (level, message) => args.log(level, message),
    () => inFlight?.actorId ?? null,
  );

  function clearIdle() {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
  }

  function armIdle() {
    clearIdle();
    if (status !== "idle") return;
    idleTimer = setTimeout(() => {
      idleTimer = null;
      if (status === "idle" && !stopping) args.onIdle();
    }, settings.idleShutdownMs);
    idleTimer.unref();
  }

  function emitReset(reason: KernelResetReason) {
    for (const listener of [...listeners]) {
      try {
        listener(reason);
      } catch (error) {
        args.log("error", `a reset listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    args.onReset(reason);
  }

  function finishRun(outcome: RunOutcome) {
    const run = inFlight;
    if (!run) return;
    inFlight = null;
    if (interruptTimer) clearTimeout(interruptTimer);
    interruptTimer = null;
    if (status === "busy") status = "idle";
    armIdle();
    run.resolve(outcome);
  }

  function handle(message: ChildMessage) {
    switch (message.type) {
      case "ready":
        if (status !== "starting") return;
        clearTimeout(startTimer);
        pid = message.pid;
        backend = message.backend;
        status = "idle";
        armIdle();
        markReady();
        return;
      case "output":
        if (inFlight && message.runId === inFlight.runId) {
          try {
            inFlight.onOutput(message.output);
          } catch (error) {
            args.log("error", `an output listener failed: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
        // Background work a finished cell left running (a host-call settlement) still writes to its cell.
        else args.onLateOutput(message.cellId, message.output);
        return;
      case "done":
        if (inFlight && message.runId === inFlight.runId) finishRun(message.outcome);
        return;
      case "reset":
        emitReset({ kind: "sandbox", cause: message.reason.cause, message: message.reason.message });
        return;
      case "log":
        args.log(message.level, message.message);
        return;
      case "event":
        dispatcher.event(message);
        return;
      case "request":
        void dispatcher.request(message).then((response) => {
          if (status !== "dead") child.send(response);
        });
        return;
    }
  }

  child.onMessage((raw) => {
    const message = parseChildMessage(raw);
    if (message) handle(message);
    else args.log("warn", "ignored a malformed message from the kernel process");
  });

  void exited.then((exit) => {
    clearTimeout(startTimer);
    clearIdle();
    if (interruptTimer) clearTimeout(interruptTimer);
    const wasStarting = status === "starting";
    status = "dead";
    dispatcher.close();
    const description = describeExit(exit);
    if (wasStarting) failStart(new Error(`the kernel process exited before it was ready (${description})`));
    const oom = OOM_PATTERN.test(exit.stderrTail);
    if (inFlight) {
      finishRun(
        stopping !== null
          ? { ok: false, error: { kind: "interrupted" } }
          : oom
            ? { ok: false, error: { kind: "memory", limitMb: settings.memoryLimitMb } }
            : { ok: false, error: { kind: "internal", message: `the kernel process exited (${description})` } },
      );
    }
    if (!wasStarting) {
      if (stopping === "interrupt-kill") {
        emitReset({ kind: "killed", message: "The interrupted cell did not stop, so the kernel was killed; every cell's state was lost." });
      } else if (stopping) {
        emitReset({ kind: stopping, message: STOP_MESSAGES[stopping] });
      } else {
        const why = oom ? "ran out of memory" : `exited unexpectedly (${description})`;
        emitReset({ kind: "crash", message: `The kernel process ${why}; every cell's state was lost.` });
      }
    }
    args.onExit();
  });

  child.send({ type: "init", notebookId: args.notebookId, settings, params: args.params });

  const kernel: Kernel = {
    notebookId: args.notebookId,
    startedAt: Date.now(),
    settings,
    ready,
    get pid() {
      return pid;
    },
    get status() {
      return status;
    },
    get backend() {
      return backend;
    },
    get ending() {
      return status === "dead" || stopping !== null;
    },
    run(cell, onOutput, context) {
      if (status === "dead" || stopping) {
        return Promise.resolve({ ok: false, error: { kind: "internal", message: "the kernel is not running" } });
      }
      if (status !== "idle") throw new Error(`the kernel is ${status}: one run at a time`);
      const runId = randomUUID();
      status = "busy";
      clearIdle();
      return new Promise<RunOutcome>((resolve) => {
        inFlight = { runId, cellId: cell.cellId, actorId: context?.actor?.id ?? null, onOutput, resolve };
        const sent = child.send({ type: "run", runId, cellId: cell.cellId, code: cell.code, filename: cell.filename, ...(context ? { context } : {}) });
        // A closed channel means the process is on its way out: the exit handler resolves the run.
        if (!sent) args.log("warn", "the kernel channel is closed; the run ends with the process");
      });
    },
    forget(names) {
      if (names.length > 0 && !kernel.ending) child.send({ type: "forget", names });
    },
    onReset(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    touch() {
      if (status === "idle") armIdle();
    },
    interrupt() {
      if (status !== "busy" || !inFlight || stopping) return false;
      child.send({ type: "interrupt" });
      if (!interruptTimer) {
        const runId = inFlight.runId;
        interruptTimer = setTimeout(() => {
          interruptTimer = null;
          if (inFlight?.runId !== runId || stopping) return;
          args.log("warn", `the interrupted run did not end within ${timings.interruptGraceMs} ms; killing the kernel`);
          stopping = "interrupt-kill";
          child.kill("SIGKILL");
        }, timings.interruptGraceMs);
      }
      return true;
    },
    stop(reason) {
      if (exitPromise) return exitPromise;
      clearIdle();
      if (status === "dead") return (exitPromise = Promise.resolve());
      stopping = reason;
      const sent = status === "starting" ? false : child.send({ type: "shutdown" });
      const killTimer = setTimeout(() => child.kill("SIGKILL"), sent ? timings.shutdownGraceMs : 0);
      exitPromise = exited.then(() => clearTimeout(killTimer));
      return exitPromise;
    },
  };
  return kernel;
}

function describeExit(exit: ChildExit): string {
  if (exit.signal) return `signal ${exit.signal}`;
  if (exit.code !== null) return `code ${exit.code}`;
  return exit.stderrTail.trim() || "unknown";
}
