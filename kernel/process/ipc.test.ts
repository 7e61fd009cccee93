import { describe, expect, it } from "vitest";
import { DEFAULT_KERNEL_SETTINGS } from "../../protocol/kernel";
import { parseChildMessage, parseServerMessage } from "./ipc";

describe("kernel IPC messages", () => {
  it("accepts every well-formed server message", () => {
    const messages = [
      { type: "init", notebookId: "n", settings: DEFAULT_KERNEL_SETTINGS, params: { a: 1 } },
      { type: "run", runId: "r", cellId: "c", code: "(async () => ({}))", filename: "cell-c.js" },
      { type: "run", runId: "r", cellId: "c", code: "1", filename: "f", context: { actor: { id: "u", name: "Ann" }, source: "1" } },
      { type: "run", runId: "r", cellId: "c", code: "1", filename: "f", context: { actor: null, source: "" } },
      { type: "response", id: 1, ok: true, value: { path: "/x" } },
      { type: "response", id: 2, ok: true, value: undefined },
      { type: "response", id: 3, ok: false, error: { code: "not_found", message: "no file x" } },
      { type: "forget", names: ["x", "y"] },
      { type: "interrupt" },
      { type: "shutdown" },
    ];
    for (const message of messages) expect(parseServerMessage(message)).toEqual(message);
  });

  it("rejects malformed server messages", () => {
    const bad: unknown[] = [
      null,
      "run",
      [],
      { type: "nope" },
      { type: "init", notebookId: "n", settings: { ...DEFAULT_KERNEL_SETTINGS, memoryLimitMb: -1 }, params: {} },
      { type: "init", notebookId: "n", settings: DEFAULT_KERNEL_SETTINGS, params: [] },
      { type: "init", settings: DEFAULT_KERNEL_SETTINGS, params: {} },
      { type: "run", runId: "r", cellId: "c", code: "1", filename: "f", context: { actor: { id: 1 }, source: "" } },
      { type: "run", runId: "r", cellId: "c", code: "1", filename: "f", context: { actor: null } },
      { type: "response", id: 0, ok: true, value: 1 },
      { type: "response", id: 1, ok: true },
      { type: "response", id: 1, ok: false, error: { code: "x" } },
      { type: "run", runId: "r", cellId: "c", code: 1, filename: "f" },
      { type: "forget", names: ["x", 2] },
    ];
    for (const message of bad) expect(parseServerMessage(message)).toBeNull();
  });

  it("accepts every well-formed child message", () => {
    const messages = [
      { type: "ready", pid: 12, backend: null },
      { type: "ready", pid: 12, backend: "wasm" },
      { type: "output", runId: "r", cellId: "c", output: { type: "stream", name: "stdout", text: "hi" } },
      { type: "output", runId: null, cellId: "c", output: { type: "markdown", text: "*" } },
      { type: "done", runId: "r", cellId: "c", outcome: { ok: true, value: { t: "number", v: 1 }, defs: ["x"] } },
      { type: "done", runId: "r", cellId: "c", outcome: { ok: true, value: null, defs: [] } },
      { type: "done", runId: "r", cellId: "c", outcome: { ok: false, error: { kind: "memory", limitMb: 64 } } },
      { type: "reset", reason: { cause: "memory", message: "gone" } },
      { type: "log", level: "warn", message: "m" },
      { type: "event", service: "lineage", name: "record", payload: { eventType: "START" } },
      { type: "request", id: 7, service: "files", method: "resolve", payload: { name: "a.csv" } },
      { type: "request", id: 8, service: "features.online", method: "get", payload: null },
    ];
    for (const message of messages) expect(parseChildMessage(message)).toEqual(message);
  });

  it("rejects malformed child messages", () => {
    const bad: unknown[] = [
      { type: "ready", pid: 0, backend: null },
      { type: "ready", pid: 3 },
      { type: "output", runId: "r", cellId: "c", output: "text" },
      { type: "done", runId: "r", cellId: "c", outcome: { ok: true, value: 3, defs: [] } },
      { type: "done", runId: "r", cellId: "c", outcome: { ok: false, error: { kind: "cycle" } } },
      { type: "done", runId: "r", cellId: "c", outcome: { ok: "yes" } },
      { type: "reset", reason: "memory" },
      { type: "log", level: "debug", message: "m" },
      { type: "event", service: "lineage", name: "record" },
      { type: "event", service: "../etc", name: "record", payload: 1 },
      { type: "event", service: "lineage", name: "__proto__", payload: 1 },
      { type: "request", id: 1.5, service: "files", method: "list", payload: null },
      { type: "request", id: 1, service: "files", method: "", payload: null },
      { type: "request", id: 1, service: "Files", method: "list", payload: null },
    ];
    for (const message of bad) expect(parseChildMessage(message)).toBeNull();
  });
});
