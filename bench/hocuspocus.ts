import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import WebSocket from "ws";
import type * as Y from "yjs";
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import { ROOT } from "../test/server-process";

export interface HocuspocusProcess {
  /** ws://host:port */
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts `hocuspocus-server.ts` as its own process (as ours runs), storing
 * in Postgres when `databaseUrl` is given, else in a fresh PGlite directory.
 */
export async function startHocuspocus(databaseUrl?: string): Promise<HocuspocusProcess> {
  const dataDir = databaseUrl ? null : await mkdtemp(path.join(os.tmpdir(), "tracebook-hocuspocus-"));
  // Profiled alike when BENCH_SERVER_NODE_ARGS asks (see collab-server.ts).
  const extra = process.env.BENCH_SERVER_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...extra, "--import", "tsx", "bench/hocuspocus-server.ts"], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", DATABASE_URL: databaseUrl ?? "", PGLITE_DIR: dataDir ?? "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout!.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`hocuspocus did not start in 30 s:\n${log}`)), 30_000);
      child.stdout!.on("data", () => {
        const match = /hocuspocus listening on (ws:\/\/\S+)/.exec(log);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      void exited.then(() => reject(new Error(`hocuspocus exited before listening:\n${log}`)));
    });
    return { url, pid: child.pid!, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export interface HocuspocusClient {
  doc: Y.Doc;
  provider: HocuspocusProvider;
  destroy(): void;
}

/** A client made the way Hocuspocus documents it for Node: its provider over a `ws` socket, one socket per client. */
export function connectHocuspocus(url: string, name: string, doc: Y.Doc): HocuspocusClient {
  const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket });
  const provider = new HocuspocusProvider({ websocketProvider: socket, name, document: doc });
  provider.attach();
  return {
    doc,
    provider,
    destroy() {
      provider.destroy();
      socket.destroy();
    },
  };
}
