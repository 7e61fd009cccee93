import { fork, spawnSync } from "node:child_process";
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
    child.send({ type: "init", settings: DEFAULT_KERNEL_SETTINGS, params: {} });
    expect(await ready).toMatchObject({ type: "ready", pid: child.pid });
    child.disconnect();
    expect(await exited).toBe(0);
  });
});
