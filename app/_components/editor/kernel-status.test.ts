import { expect, test } from "vitest";
import type { KernelInfo } from "@/protocol/kernel";
import { ACTIVE_POLL_MS, IDLE_POLL_MS, kernelDetails, kernelStatusLabel, pollDelay } from "./kernel-status";

const info = (extra: Partial<KernelInfo> = {}): KernelInfo => ({
  status: "idle",
  queued: 0,
  memoryLimitMb: 512,
  cellTimeoutMs: 60_000,
  startedAt: 1,
  runMode: "autorun",
  backend: null,
  ...extra,
});

test("the label says the state and the queue", () => {
  expect(kernelStatusLabel(null)).toBe("Unknown");
  expect(kernelStatusLabel(info({ status: "none", startedAt: null }))).toBe("No kernel");
  expect(kernelStatusLabel(info({ status: "busy", queued: 3 }))).toBe("Busy · 3 queued");
  expect(kernelStatusLabel(info({ status: "dead" }))).toBe("Dead");
});

test("details name the limits and the backend once known", () => {
  expect(kernelDetails(info())).toBe("Memory limit 512 MB, cell time limit 1 min");
  expect(kernelDetails(info({ backend: "wasm" }))).toBe("Memory limit 512 MB, cell time limit 1 min, backend wasm");
});

test("polling is quick while the kernel works and slow while it waits", () => {
  expect(pollDelay(info({ status: "busy" }))).toBe(ACTIVE_POLL_MS);
  expect(pollDelay(info({ status: "idle", queued: 1 }))).toBe(ACTIVE_POLL_MS);
  expect(pollDelay(info({ status: "starting" }))).toBe(ACTIVE_POLL_MS);
  expect(pollDelay(info())).toBe(IDLE_POLL_MS);
  expect(pollDelay(info({ status: "none" }))).toBe(IDLE_POLL_MS);
  expect(pollDelay(null)).toBe(IDLE_POLL_MS);
  expect(ACTIVE_POLL_MS).toBeLessThan(IDLE_POLL_MS);
});
