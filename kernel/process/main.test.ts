import { fork, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_KERNEL_SETTINGS } from "../../protocol/kernel";
import { bundleKernelEntry } from "../manager/bundle";

describe("kernel child entry (bundled)", () => {
  it("refuses to start without an IPC channel", async () => {
    const entry = await bundleKernelEntry();
    const result = spawnSync(process.execPath, ["--no-node-snapshot", entry], { encoding: "utf8" });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/IPC channel/);
  });

  it("exits when the server's channel goes away", async () => {
    const entry = await bundleKernelEntry();
    const child = fork(entry, [], { execArgv: ["--no-node-snapshot"], serialization: "advanced", stdio: "ignore" });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const ready = new Promise<unknown>((resolve) => child.once("message", resolve));
    child.send({ type: "init", notebookId: "00000000-0000-4000-8000-000000000001", settings: DEFAULT_KERNEL_SETTINGS, params: {} });
    expect(await ready).toMatchObject({ type: "ready", pid: child.pid });
    child.disconnect();
    expect(await exited).toBe(0);
  });
});

describe("kernel bundle", () => {
  it("is rebuilt when its cached file went away", async () => {
    const cacheDir = mkdtempSync(path.join(os.tmpdir(), "tracebook-kernel-cache-"));
    try {
      const first = await bundleKernelEntry(cacheDir);
      expect(await bundleKernelEntry(cacheDir)).toBe(first);
      rmSync(first);
      const again = await bundleKernelEntry(cacheDir);
      expect(again).toBe(first);
      expect(existsSync(again)).toBe(true);
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});
