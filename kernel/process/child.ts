import { createSandbox, type RunOutcome, type Sandbox } from "./sandbox/sandbox";
import type { HostRegistry, KernelContext } from "./host";
import { parseServerMessage, type ChildMessage, type ServerMessage } from "./ipc";
import { createLineageProducer, LINEAGE_EVENT, LINEAGE_SERVICE } from "./lineage";
import { createServerChannel } from "./server-channel";
import type { KernelSettings } from "../../protocol/kernel";

/** How the child talks to the manager: `process.send` and `process.on("message")` in `main.ts`. */
export interface ChildPort {
  pid: number;
  send(message: ChildMessage): void;
  onMessage(listener: (raw: unknown) => void): void;
  exit(code: number): void;
}

type RunMessage = Extract<ServerMessage, { type: "run" }>;

/**
 * The kernel child's loop: one sandbox at a time, runs and forgets in order,
 * interrupts out of band. When a run leaves the sandbox disposed (memory,
 * timeout, an interrupted CPU-bound loop), the child makes a fresh one and
 * reports `reset` before `done`, so the manager's listeners learn that every
 * cell's state is gone before the caller moves on to the next cell.
 */
export function startKernelChild(port: ChildPort, registry: HostRegistry): void {
  let settings: KernelSettings | null = null;
  let params: Record<string, unknown> = {};
  let kernel: KernelContext | null = null;
  let sandbox: Sandbox | null = null;
  const server = createServerChannel((message) => port.send(message));
  /** Runs and forgets apply in arrival order, each after the previous one (and any sandbox rebuild) finished. */
  let queue: Promise<void> = Promise.resolve();
  let running: RunMessage | null = null;
  /** Outputs a cell emits after its run ended (timers, late promises) still name their run. */
  const lastRunOfCell = new Map<string, string>();

  const log = (level: "info" | "warn" | "error", message: string) => port.send({ type: "log", level, message });

  async function makeSandbox(s: KernelSettings): Promise<Sandbox> {
    return createSandbox({
      memoryLimitMb: s.memoryLimitMb,
      cellTimeoutMs: s.cellTimeoutMs,
      hostFunctions: kernel ? registry.functions(kernel) : {},
      params,
      emit: (cellId, output) => port.send({ type: "output", runId: lastRunOfCell.get(cellId) ?? null, cellId, output }),
    });
  }

  /** A child without a working sandbox is of no use: it exits, and the manager reports the crash. */
  async function replaceSandbox(s: KernelSettings): Promise<Sandbox> {
    try {
      return await makeSandbox(s);
    } catch (error) {
      // stderr too: a pipe write is synchronous on Linux, an IPC message may not leave before the exit.
      console.error(`[kernel] could not create the sandbox: ${describe(error)}`);
      port.exit(70);
      throw error;
    }
  }

  function enqueue(task: () => Promise<void> | void): void {
    queue = queue.then(task).catch((error: unknown) => log("error", `kernel task failed: ${describe(error)}`));
  }

  async function run(message: RunMessage): Promise<void> {
    const { runId, cellId } = message;
    if (!sandbox || !settings) {
      port.send({ type: "done", runId, cellId, outcome: internal("the kernel is not initialised") });
      return;
    }
    running = message;
    lastRunOfCell.set(cellId, runId);
    kernel?.lineage.beginRun({ runId, cellId, context: message.context });
    let outcome: RunOutcome;
    try {
      outcome = await sandbox.run({ cellId, code: message.code, filename: message.filename });
    } catch (error) {
      outcome = internal(`the sandbox failed: ${describe(error)}`);
    } finally {
      running = null;
    }
    // Before `done`: the server holds the cell's done until these events are durable.
    kernel?.lineage.endRun(runId, outcome);
    if (sandbox.disposed) {
      const cause = outcome.ok ? "disposed" : outcome.error.kind;
      port.send({ type: "reset", reason: { cause, message: resetMessage(cause) } });
      port.send({ type: "done", runId, cellId, outcome });
      lastRunOfCell.clear();
      sandbox = await replaceSandbox(settings);
      return;
    }
    port.send({ type: "done", runId, cellId, outcome });
  }

  port.onMessage((raw) => {
    const message = parseServerMessage(raw);
    if (!message) {
      log("warn", "ignored a malformed message from the server");
      return;
    }
    switch (message.type) {
      case "init":
        if (settings) return log("warn", "ignored a second init");
        settings = message.settings;
        params = message.params;
        kernel = {
          notebookId: message.notebookId,
          server,
          lineage: createLineageProducer({
            notebookId: message.notebookId,
            emit: (event) => server.emit(LINEAGE_SERVICE, LINEAGE_EVENT, event),
          }),
        };
        enqueue(async () => {
          sandbox = await replaceSandbox(message.settings);
          port.send({ type: "ready", pid: port.pid, backend: registry.backend() });
        });
        return;
      case "run":
        return enqueue(() => run(message));
      case "forget":
        return enqueue(() => {
          if (sandbox && !sandbox.disposed) sandbox.forget(message.names);
        });
      case "interrupt":
        // Only a running cell is interrupted; an idle sandbox keeps its state.
        if (running && sandbox && !sandbox.disposed) sandbox.interrupt();
        return;
      case "response":
        server.receive(message);
        return;
      case "shutdown":
        server.close("the kernel is shutting down");
        sandbox?.dispose();
        port.exit(0);
        return;
    }
  });
}

function internal(message: string): RunOutcome {
  return { ok: false, error: { kind: "internal", message } };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function resetMessage(cause: string): string {
  switch (cause) {
    case "memory":
      return "The kernel ran out of memory and was reset; every cell's state was lost.";
    case "timeout":
      return "A cell ran past its time limit and the kernel was reset; every cell's state was lost.";
    case "interrupted":
      return "The interrupted cell could not be stopped cleanly and the kernel was reset; every cell's state was lost.";
    default:
      return "The kernel's sandbox was reset; every cell's state was lost.";
  }
}
