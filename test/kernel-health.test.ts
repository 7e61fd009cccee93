import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cellSource } from "../collab/doc";
import { ApiClient } from "./client";
import { connectDoc, waitFor, waitSynced, type DocClient } from "./collab-client";
import { apiToken } from "./collab-world";
import { ADMIN } from "./global-setup";
import { appendCell, executionOf, outputsOf, valueOf, waitFinished } from "./kernel-world";
import { startServerProcess, type ServerProcess } from "./server-process";
import { createNotebook } from "./world";

/**
 * Runaway cells against a server of its own with small limits: each ends
 * with its own tagged error, the kernel comes back by itself, and other
 * notebooks and the server carry on.
 */
describe("kernel health", () => {
  let server: ServerProcess;
  let admin: ApiClient;
  let token: string;
  const open: DocClient[] = [];

  beforeAll(async () => {
    server = await startServerProcess({
      TRACEBOOK_KERNEL_MEMORY_MB: "64",
      TRACEBOOK_KERNEL_CELL_TIMEOUT_SECONDS: "1",
      TRACEBOOK_KERNEL_MAX: "2",
      TRACEBOOK_KERNEL_MAX_OUTPUT_BYTES: "4096",
    });
    admin = new ApiClient(server.url);
    expect((await admin.post("/api/auth/signup", ADMIN)).status).toBe(201);
    token = await apiToken(admin);
  });
  afterAll(async () => {
    for (const client of open) client.provider.destroy();
    await server?.stop();
  });

  async function notebookWith(...sources: string[]): Promise<{ notebookId: string; peer: DocClient; ids: string[] }> {
    const notebookId = await createNotebook(admin, "health");
    const peer = connectDoc(server.url, notebookId, token);
    open.push(peer);
    await waitSynced(peer);
    const ids = sources.map((source) => appendCell(peer, source));
    // The server has them once the document is durable: wait for the saved state through a second peer.
    const check = connectDoc(server.url, notebookId, token);
    open.push(check);
    await waitFor(() => ids.every((id, i) => cellSource(check.doc, id)?.toString() === sources[i]), "cells to reach the server");
    return { notebookId, peer, ids };
  }

  /** Trashing a notebook stops its kernel, freeing a slot under the limit of 2. */
  async function trash(notebookId: string): Promise<void> {
    expect((await admin.post(`/api/notebooks/${notebookId}/trash`, undefined)).status).toBe(200);
  }

  async function runOne(notebookId: string, peer: DocClient, cellId: string) {
    // A trashed notebook's kernel may still be stopping: its slot frees within moments.
    let response = await admin.post(`/api/notebooks/${notebookId}/run`, { scope: "cell", cellId });
    for (let tries = 0; response.status === 503 && tries < 50; tries++) {
      await new Promise((r) => setTimeout(r, 100));
      response = await admin.post(`/api/notebooks/${notebookId}/run`, { scope: "cell", cellId });
    }
    if (response.status !== 202) throw new Error(`run refused: ${response.status} ${JSON.stringify(response.body)}`);
    const accepted = response.body as { runId: string };
    await waitFinished(peer, cellId, accepted.runId, 60_000);
    return outputsOf(peer.doc, cellId);
  }

  function errorKind(outputs: ReturnType<typeof outputsOf>): string | undefined {
    const error = outputs.find((o) => o.type === "error");
    return error?.type === "error" ? error.error.kind : undefined;
  }

  it("past the live kernel limit a run is refused with a clear 503; other notebooks carry on", async () => {
    const first = await notebookWith("1");
    const second = await notebookWith("2");
    const third = await notebookWith("3");
    await runOne(first.notebookId, first.peer, first.ids[0]!);
    await runOne(second.notebookId, second.peer, second.ids[0]!);
    const refused = await admin.post(`/api/notebooks/${third.notebookId}/run`, { scope: "cell", cellId: third.ids[0] });
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe("unavailable");
    expect(refused.body.error.message).toMatch(/2 kernels|limit/i);
    // The notebooks that have kernels are unaffected.
    await runOne(first.notebookId, first.peer, first.ids[0]!);
    expect(valueOf(first.peer.doc, first.ids[0]!)).toBe(1);
    expect((await admin.get("/api/health")).status).toBe(200);
    for (const nb of [first, second, third]) await trash(nb.notebookId);
  });

  it("an infinite loop ends with a timeout and the next cell still runs", async () => {
    const nb = await notebookWith("while (true) {}", "const after = 'alive';\nafter");
    expect(errorKind(await runOne(nb.notebookId, nb.peer, nb.ids[0]!))).toBe("timeout");
    await runOne(nb.notebookId, nb.peer, nb.ids[1]!);
    expect(valueOf(nb.peer.doc, nb.ids[1]!)).toBe("alive");
    await trash(nb.notebookId);
  });

  it("a memory bomb ends with a memory error; the kernel recovers and earlier cells become stale", async () => {
    const nb = await notebookWith("const kept = 1;", "const hog: number[][] = [];\nwhile (true) hog.push(new Array(1e6).fill(1));", "2 + 2");
    await runOne(nb.notebookId, nb.peer, nb.ids[0]!);
    expect(errorKind(await runOne(nb.notebookId, nb.peer, nb.ids[1]!))).toBe("memory");
    await waitFor(() => executionOf(nb.peer.doc, nb.ids[0]!).stale, "the earlier cell to be stale (its state is gone)");
    await runOne(nb.notebookId, nb.peer, nb.ids[2]!);
    expect(valueOf(nb.peer.doc, nb.ids[2]!)).toBe(4);
    await trash(nb.notebookId);
  });

  it("deep recursion is a RangeError in the cell, not a crash", async () => {
    const nb = await notebookWith("function down(n: number): number { return down(n + 1) + 1; }\ndown(0)");
    const outputs = await runOne(nb.notebookId, nb.peer, nb.ids[0]!);
    const error = outputs.find((o) => o.type === "error");
    expect(error?.type === "error" && error.error.kind === "exception" && error.error.name).toBe("RangeError");
    await trash(nb.notebookId);
  });

  it("a huge output is cut at the limit with a marker", async () => {
    const nb = await notebookWith("for (let i = 0; i < 5000; i++) console.log('line', i);");
    const outputs = await runOne(nb.notebookId, nb.peer, nb.ids[0]!);
    const marker = outputs.find((o) => o.type === "truncated");
    expect(marker).toBeDefined();
    expect(JSON.stringify(outputs).length).toBeLessThan(4096 + 1024);
    await trash(nb.notebookId);
  });


  it("kernel settings refuse out-of-range values and keep what was stored", async () => {
    const before = (await admin.get("/api/workspace/kernel-settings")).body.settings;
    expect(before).toMatchObject({ memoryLimitMb: 64, cellTimeoutMs: 1000, maxKernels: 2 });
    for (const bad of [{ memoryLimitMb: 1 }, { cellTimeoutMs: -5 }, { maxKernels: 1.5 }, { surprise: true }]) {
      const response = await admin.put("/api/workspace/kernel-settings", bad);
      expect(response.status, JSON.stringify(bad)).toBe(400);
      expect(response.body.error.code).toBe("invalid_body");
    }
    expect((await admin.get("/api/workspace/kernel-settings")).body.settings).toEqual(before);
  });
});
