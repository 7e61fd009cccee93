import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { cellSource } from "../collab/doc";
import { connectDoc, waitFor, waitSynced, type DocClient } from "../test/collab-client";
import { appendCell, executionOf, sendCommand, valueOf } from "../test/kernel-world";
import { startBenchServer, type BenchServer } from "./collab-server";
import { median, percentile, printRatio } from "./stats";

const run = promisify(execFile);

interface IpykernelFigures {
  cold_ms: number[];
  warm_ms: number[];
}

/** ipykernel driven by jupyter_client (Debian's python3-ipykernel), the anchor. */
async function measureIpykernel(starts: number, warm: number): Promise<IpykernelFigures> {
  const script = path.join(import.meta.dirname, "ipykernel_driver.py");
  const { stdout } = await run("/usr/bin/python3", [script, String(starts), String(warm)], {
    env: { ...process.env, PYDEVD_DISABLE_FILE_VALIDATION: "1" },
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split("\n").pop()!) as IpykernelFigures;
}

/** A notebook with one `1 + 1` cell, and a peer that watches its document. */
async function trivialNotebook(server: BenchServer): Promise<{ notebookId: string; cellId: string; peer: DocClient }> {
  const notebookId = await server.createNotebook("kernel bench");
  const peer = connectDoc(server.url, notebookId, server.token);
  await waitSynced(peer);
  const cellId = appendCell(peer, "1 + 1");
  await waitFor(() => cellSource(peer.doc, cellId)?.toString() === "1 + 1", "the cell");
  return { notebookId, cellId, peer };
}

/**
 * From the run request to the result in a peer's copy of the document. The
 * request goes as the editor sends it, over the notebook's socket, or over
 * the HTTP route (`via: "http"`), as scripts do.
 */
async function timeRun(server: BenchServer, notebookId: string, cellId: string, peer: DocClient, via: "socket" | "http" = "socket"): Promise<number> {
  const started = performance.now();
  let runId = "";
  if (via === "socket") {
    const reply = await sendCommand(peer, { op: "run", request: { scope: "cell", cellId } });
    if (!reply.ok) throw new Error(`run failed: ${JSON.stringify(reply.error)}`);
    runId = (reply.body as { runId: string }).runId;
    await waitForResult(peer, cellId, runId);
    return performance.now() - started;
  }
  for (;;) {
    const response = await server.admin.post(`/api/notebooks/${notebookId}/run`, { scope: "cell", cellId });
    if (response.status === 202) {
      runId = response.body.runId;
      break;
    }
    // The cell may not have reached the server yet on a brand-new notebook.
    if (response.status !== 404) throw new Error(`run failed: ${response.status} ${JSON.stringify(response.body)}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  await waitForResult(peer, cellId, runId);
  return performance.now() - started;
}

function waitForResult(peer: DocClient, cellId: string, runId: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const state = executionOf(peer.doc, cellId);
      if (state.runId !== runId || (state.status !== "done" && state.status !== "error")) return false;
      peer.doc.off("update", check);
      clearTimeout(timer);
      if (state.status === "error" || valueOf(peer.doc, cellId) !== 2) reject(new Error("the cell did not produce 2"));
      else resolve();
      return true;
    };
    const timer = setTimeout(() => {
      peer.doc.off("update", check);
      reject(new Error("no result within 30 s"));
    }, 30_000);
    if (!check()) peer.doc.on("update", check);
  });
}

export async function benchKernelCompare(): Promise<void> {
  const starts = Number(process.env.BENCH_KERNEL_STARTS ?? 5);
  const warmRounds = Number(process.env.BENCH_KERNEL_WARM ?? 300);
  console.log(`kernel vs ipykernel: ${starts} cold starts, ${warmRounds} warm runs of 1 + 1 (ms)`);
  const server = await startBenchServer();
  const peers: DocClient[] = [];
  try {
    // The first kernel ever also bundles the kernel's entry; that is a one-off of the install, not a start.
    const warmup = await trivialNotebook(server);
    peers.push(warmup.peer);
    await timeRun(server, warmup.notebookId, warmup.cellId, warmup.peer);

    const cold: number[] = [];
    for (let i = 0; i < starts; i++) {
      const nb = await trivialNotebook(server);
      peers.push(nb.peer);
      cold.push(await timeRun(server, nb.notebookId, nb.cellId, nb.peer));
      await server.admin.post(`/api/notebooks/${nb.notebookId}/trash`, undefined);
    }
    const warm: number[] = [];
    const warmHttp: number[] = [];
    for (let i = 0; i < 20; i++) await timeRun(server, warmup.notebookId, warmup.cellId, warmup.peer);
    for (let i = 0; i < warmRounds; i++) warm.push(await timeRun(server, warmup.notebookId, warmup.cellId, warmup.peer));
    for (let i = 0; i < Math.min(100, warmRounds); i++) warmHttp.push(await timeRun(server, warmup.notebookId, warmup.cellId, warmup.peer, "http"));

    const ipy = await measureIpykernel(starts, warmRounds);
    printRatio("ipykernel cold start to 1+1 (anchor), p50", median(ipy.cold_ms), median(ipy.cold_ms));
    printRatio("tracebook cold kernel to 1 + 1 in the doc, p50", median(cold), median(ipy.cold_ms));
    printRatio("ipykernel warm 1+1 (anchor), p50", median(ipy.warm_ms), median(ipy.warm_ms));
    printRatio("ipykernel warm 1+1, p99", percentile(ipy.warm_ms, 0.99), median(ipy.warm_ms));
    printRatio("tracebook warm 1 + 1 socket request to doc, p50", median(warm), median(ipy.warm_ms));
    printRatio("tracebook warm 1 + 1 socket request to doc, p99", percentile(warm, 0.99), median(ipy.warm_ms));
    printRatio("tracebook warm 1 + 1 via HTTP route, p50", median(warmHttp), median(ipy.warm_ms));
    console.log("goals: warm p50 <= 0.5x ipykernel p50; cold <= 0.2x ipykernel start");
  } finally {
    for (const peer of peers) peer.provider.destroy();
    await server.stop();
  }
}
