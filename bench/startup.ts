import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { ROOT } from "../test/server-process";
import { createTestDatabase } from "../test/databases";

/**
 * Start-up time: process start to the first 200 from /api/health, after the
 * build. The anchor is a bare Node HTTP server process measured in the same
 * run, so the ratio says what Tracebook adds on this machine.
 */

const ANCHOR_SERVER = `require("node:http").createServer((q,s)=>s.end("ok")).listen(0,"127.0.0.1",function(){console.log("listening on http://127.0.0.1:"+this.address().port)})`;

async function timeToFirst200(args: string[], env: Record<string, string>, probePath: string): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stderr.on("data", (c: Buffer) => (log += c.toString()));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (c: Buffer) => {
        log += c.toString();
        const match = /listening on (http:\/\/\S+)/.exec(log);
        if (match) resolve(match[1]!);
      });
      child.once("exit", (code) => reject(new Error(`exited ${code}: ${log}`)));
    });
    for (;;) {
      const response = await fetch(url + probePath).catch(() => null);
      if (response?.status === 200) {
        await response.text();
        return performance.now() - started;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function benchStartup(rounds = 3): Promise<void> {
  const serverArgs = ["--import", "tsx", "server.ts"];
  const base = { NODE_ENV: "production", PORT: "0", HOST: "127.0.0.1", DATABASE_URL: "" };
  const anchor: number[] = [];
  const pgliteFresh: number[] = [];
  const pgliteRestart: number[] = [];
  const postgres: number[] = [];
  const pgBase = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const database = pgBase ? await createTestDatabase(pgBase) : undefined;

  try {
    for (let round = 0; round < rounds; round++) {
      anchor.push(await timeToFirst200(["-e", ANCHOR_SERVER], {}, "/"));
      const dir = await mkdtemp(path.join(os.tmpdir(), "tracebook-bench-"));
      try {
        pgliteFresh.push(await timeToFirst200(serverArgs, { ...base, TRACEBOOK_DATA_DIR: dir }, "/api/health"));
        pgliteRestart.push(await timeToFirst200(serverArgs, { ...base, TRACEBOOK_DATA_DIR: dir }, "/api/health"));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      if (database) {
        postgres.push(await timeToFirst200(serverArgs, { ...base, DATABASE_URL: database.url }, "/api/health"));
      }
    }
  } finally {
    await database?.drop();
  }

  const a = median(anchor);
  const line = (label: string, values: number[]) =>
    console.log(`${label.padEnd(38)} ${median(values).toFixed(0).padStart(6)} ms   ratio ${(median(values) / a).toFixed(1)}x anchor`);
  console.log(`startup (process start -> first 200 on /api/health), median of ${rounds}`);
  console.log(`${"anchor: bare node http server".padEnd(38)} ${a.toFixed(0).padStart(6)} ms`);
  line("tracebook, PGlite, empty data dir", pgliteFresh);
  line("tracebook, PGlite, existing data dir", pgliteRestart);
  if (database) line("tracebook, Postgres", postgres);
  else console.log("tracebook, Postgres: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)");
}
