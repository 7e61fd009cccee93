import { fork } from "node:child_process";
import type { ServerMessage } from "../process/ipc";
import { bundleKernelEntry } from "./bundle";

/** How a kernel child process ended. */
export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last few KB the child wrote to stderr: how V8 reports a fatal out-of-memory. */
  stderrTail: string;
}

/** One kernel child process as the manager sees it; tests may supply their own. */
export interface KernelChild {
  readonly pid: number | undefined;
  /** False when the channel is closed (the child is exiting). */
  send(message: ServerMessage): boolean;
  onMessage(listener: (raw: unknown) => void): void;
  /** Called once, when the process has exited (or failed to start). */
  onExit(listener: (exit: ChildExit) => void): void;
  kill(signal: NodeJS.Signals): void;
}

export type SpawnKernel = () => Promise<KernelChild>;

export interface ForkOptions {
  /** A plain-JS entry to fork instead of the bundled `kernel/process/main.ts`. */
  entry?: string;
  /** Where the bundled child entry is cached; os.tmpdir()/tracebook-kernel by default. */
  cacheDir?: string;
  /** The child's stdout and stderr lines. */
  log?: (line: string) => void;
  /** Variables added to the child's environment. */
  env?: Record<string, string>;
}

const STDERR_TAIL_BYTES = 4096;

/** Forks the bundled `kernel/process/main.ts` with `--no-node-snapshot` (isolated-vm) and an IPC channel. */
export function createForkSpawner(options: ForkOptions = {}): SpawnKernel {
  const log = options.log ?? ((line: string) => console.error(line));
  return async () => {
    const entry = options.entry ?? (await bundleKernelEntry(options.cacheDir));
    const child = fork(entry, [], {
      execArgv: ["--no-node-snapshot"],
      serialization: "advanced",
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      // The server's loaders (tsx) and flags stay out of the child: it runs plain JS.
      env: { ...process.env, ...options.env, NODE_OPTIONS: "" },
    });
    let stderrTail = "";
    const exitListeners: Array<(exit: ChildExit) => void> = [];
    let exited: ChildExit | null = null;
    const finish = (exit: ChildExit) => {
      if (exited) return;
      exited = exit;
      for (const listener of exitListeners) listener(exit);
    };
    const prefix = () => `[kernel ${child.pid ?? "?"}]`;
    child.stdout?.setEncoding("utf8").on("data", (text: string) => {
      for (const line of text.trimEnd().split("\n")) log(`${prefix()} ${line}`);
    });
    child.stderr?.setEncoding("utf8").on("data", (text: string) => {
      stderrTail = (stderrTail + text).slice(-STDERR_TAIL_BYTES);
      for (const line of text.trimEnd().split("\n")) log(`${prefix()} ${line}`);
    });
    // Without an 'error' listener a failed spawn or send would throw in the server.
    child.on("error", (error) => {
      if (child.exitCode === null && child.signalCode === null && child.pid === undefined) {
        finish({ code: null, signal: null, stderrTail: `spawn failed: ${error.message}` });
      }
    });
    // 'close' (not 'exit'): stderr is fully read by then, so the tail holds V8's last words.
    child.on("close", (code, signal) => finish({ code, signal, stderrTail }));
    return {
      pid: child.pid,
      send(message) {
        if (!child.connected) return false;
        try {
          return child.send(message, (error) => {
            if (error) log(`${prefix()} send failed: ${error.message}`);
          });
        } catch {
          return false;
        }
      },
      onMessage(listener) {
        child.on("message", listener);
      },
      onExit(listener) {
        if (exited) listener(exited);
        else exitListeners.push(listener);
      },
      kill(signal) {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      },
    };
  };
}
