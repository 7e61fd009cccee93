import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface TracebookServer {
  /** The current process's address (a restart picks a new port). */
  readonly url: string;
  /** The data directory (PGlite under `pglite/`), kept across `restart`. */
  readonly dataDir: string;
  /** Everything the server printed, for failure reports. */
  output(): string;
  /** Stops the process, runs `between` (e.g. writing into its store), and starts a new one on the same data. */
  restart(between?: () => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

/** Runs `next build` when the sources changed since the last build (scripts/build.ts decides). */
export function ensureBuild(): void {
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/build.ts"], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error(`the build failed (exit ${result.status ?? result.signal})`);
}

function serverEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // A fresh embedded store, whatever the calling shell points at.
  delete env.DATABASE_URL;
  delete env.TRACEBOOK_PUBLIC_URL;
  return {
    ...env,
    PORT: "0",
    HOST: "127.0.0.1",
    NODE_ENV: "production",
    TRACEBOOK_DATA_DIR: dataDir,
    NEXT_TELEMETRY_DISABLED: "1",
  };
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

interface Running {
  child: ChildProcess;
  url: string;
}

/** Spawns the server on `dataDir` and resolves with its URL once it listens. */
async function spawnServer(dataDir: string, timeoutMs: number, log: { text: string }): Promise<Running> {
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: ROOT,
    env: serverEnv(dataDir),
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stderr?.on("data", (chunk: Buffer) => (log.text += chunk.toString()));
  const from = log.text.length;
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the server did not start in time:\n${log.text}`)), timeoutMs);
      child.stdout?.on("data", (chunk: Buffer) => {
        log.text += chunk.toString();
        const match = /Tracebook listening on (http:\/\/[^\s]+)/.exec(log.text.slice(from));
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the server exited (${code ?? signal}) before listening:\n${log.text}`));
      });
    });
    return { child, url };
  } catch (error) {
    await halt(child);
    throw error;
  }
}

async function halt(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill("SIGTERM");
    if (!(await waitForExit(child, 15_000))) {
      child.kill("SIGKILL");
      await waitForExit(child, 5_000);
    }
  }
}

/**
 * Starts the real one-process server (`node --import tsx server.ts`) on a free
 * port with an empty PGlite store in a temp dir, and resolves once it listens.
 */
export async function startTracebook(options: { timeoutMs?: number } = {}): Promise<TracebookServer> {
  ensureBuild();
  const timeoutMs = options.timeoutMs ?? 120_000;
  const dataDir = await mkdtemp(path.join(tmpdir(), "tracebook-e2e-"));
  const log = { text: "" };
  let current: Running | null = null;
  const stop = async () => {
    if (current) await halt(current.child);
    current = null;
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    current = await spawnServer(dataDir, timeoutMs, log);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    get url() {
      if (!current) throw new Error("the server is not running");
      return current.url;
    },
    dataDir,
    output: () => log.text,
    async restart(between) {
      if (current) await halt(current.child);
      current = null;
      await between?.();
      current = await spawnServer(dataDir, timeoutMs, log);
    },
    stop,
  };
}
