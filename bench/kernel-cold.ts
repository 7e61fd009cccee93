import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createKernelManager } from "../kernel/manager";
import type { NotebookId } from "../protocol/ids";
import { DEFAULT_KERNEL_SETTINGS } from "../protocol/kernel";
import { median, printRatio } from "./stats";

/**
 * Cold kernel start: from `acquire` of a notebook without a kernel to the
 * outcome of its first cell, `1 + 1`. The first start of a server process
 * also bundles the child entry; it is reported on its own line. The anchor
 * is a bare Node child process forked with the same flags and an IPC channel,
 * measured to its first reply, so the ratio says what the kernel adds.
 */

const ANCHOR_CHILD = `process.on("message", (m) => process.send(m));`;

async function timeBareChild(): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ["--no-node-snapshot", "-e", ANCHOR_CHILD], {
    serialization: "advanced",
    stdio: ["ignore", "ignore", "ignore", "ipc"],
    env: { ...process.env, NODE_OPTIONS: "" },
  });
  await new Promise<void>((resolve) => {
    child.once("message", () => resolve());
    child.send({ type: "ping" });
  });
  const elapsed = performance.now() - started;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGKILL");
  await exited;
  return elapsed;
}

const ONE_PLUS_ONE = { cellId: "bench", code: "(async () => ({ value: 1 + 1, hasValue: true, defs: {} }))", filename: "cell-bench.js" };

export async function benchKernelCold(rounds = 7): Promise<void> {
  // A fresh cache directory: the first start pays for the bundle, as after an upgrade.
  const cacheDir = path.join(os.tmpdir(), `tracebook-bench-kernel-${process.pid}`);
  const manager = createKernelManager({ settings: () => DEFAULT_KERNEL_SETTINGS, cacheDir, log: () => {} });
  const coldStart = async () => {
    const notebookId = randomUUID() as NotebookId;
    const started = performance.now();
    const kernel = await manager.acquire(notebookId);
    const outcome = await kernel.run(ONE_PLUS_ONE, () => {});
    const elapsed = performance.now() - started;
    if (!outcome.ok || outcome.value?.t !== "number" || outcome.value.v !== 2) {
      throw new Error(`kernel-cold: unexpected outcome ${JSON.stringify(outcome)}`);
    }
    await manager.shutdown(notebookId);
    return elapsed;
  };
  try {
    const first = await coldStart();
    const anchor: number[] = [];
    const kernel: number[] = [];
    for (let round = 0; round < rounds; round++) {
      anchor.push(await timeBareChild());
      kernel.push(await coldStart());
    }
    const a = median(anchor);
    console.log(`kernel-cold (acquire -> outcome of \`1 + 1\` in a new kernel process), median of ${rounds}`);
    console.log(`${"anchor: bare node child, fork -> first IPC reply".padEnd(44)} ${a.toFixed(2).padStart(8)} ms`);
    printRatio("kernel cold start -> first result", median(kernel), a);
    printRatio("first start of a server (bundling included)", first, a);
  } finally {
    await manager.closeAll();
    await rm(cacheDir, { recursive: true, force: true });
  }
}
