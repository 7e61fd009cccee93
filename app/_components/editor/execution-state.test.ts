import { expect, test } from "vitest";
import { IDLE_EXECUTION, type ExecutionState } from "@/protocol/outputs";
import { promptOf, readExecution, runSummary, statusText } from "./execution-state";

const at = (status: ExecutionState["status"], extra: Partial<ExecutionState> = {}): ExecutionState => ({ ...IDLE_EXECUTION, status, ...extra });
const clock = (ms: number) => `t${ms}`;

test("a missing or malformed execution map reads as never run", () => {
  expect(readExecution(undefined)).toEqual(IDLE_EXECUTION);
  expect(readExecution({ status: "exploded", count: "3", runBy: { id: 1 }, stale: "yes" })).toEqual(IDLE_EXECUTION);
  expect(
    readExecution({ status: "done", stale: true, count: 4, runBy: { id: "u1", name: "Ada" }, startedAt: 10, durationMs: 5, runId: "r" }),
  ).toEqual({ status: "done", stale: true, count: 4, runBy: { id: "u1", name: "Ada" }, startedAt: 10, durationMs: 5, runId: "r" });
});

test("the prompt follows Jupyter", () => {
  expect(promptOf(IDLE_EXECUTION)).toBe("[ ]");
  expect(promptOf(at("queued", { count: 2 }))).toBe("[*]");
  expect(promptOf(at("running"))).toBe("[*]");
  expect(promptOf(at("done", { count: 7 }))).toBe("[7]");
  expect(promptOf(at("error", { count: 8 }))).toBe("[8]");
});

test("each status has its word; idle has none", () => {
  expect(statusText(IDLE_EXECUTION)).toBeNull();
  expect(["queued", "running", "done", "error"].map((s) => statusText(at(s as ExecutionState["status"])))).toEqual([
    "Queued",
    "Running",
    "Done",
    "Failed",
  ]);
});

test("the summary names who ran it, when, and how long it took or has taken", () => {
  const ada = { id: "u1", name: "Ada" };
  expect(runSummary(at("done", { runBy: ada, startedAt: 1000, durationMs: 1234 }), 0, clock)).toBe("Ada · t1000 · 1.2 s");
  expect(runSummary(at("running", { runBy: ada, startedAt: 1000, durationMs: 99 }), 4000, clock)).toBe("Ada · t1000 · 3.0 s");
  expect(runSummary(at("queued", { runBy: ada, durationMs: 500 }), 0, clock)).toBe("Ada");
  expect(runSummary(IDLE_EXECUTION, 0, clock)).toBeNull();
});
