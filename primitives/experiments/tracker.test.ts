import { describe, expect, it } from "vitest";
import { AppError, isAppError } from "../../protocol/errors";
import type { MetricInput, RunView } from "../../protocol/experiments";
import { createTrainingTracker } from "./tracker";
import type { TrackingWriter } from "./writer";

/** A writer that records what reaches it; `failNext` makes the next metrics write throw. */
function fakeWriter() {
  const calls: Array<[string, ...unknown[]]> = [];
  let failNext: Error | null = null;
  const run: RunView = {
    id: "00000000-0000-4000-8000-000000000001" as RunView["id"],
    experimentId: "00000000-0000-4000-8000-000000000002" as RunView["experimentId"],
    name: "r",
    status: "RUNNING",
    parentRunId: null,
    notebookId: null,
    cellId: null,
    lineageRunId: null,
    actorId: null,
    startTime: "2030-01-01T00:00:00.000Z",
    endTime: null,
  };
  const record =
    (name: string, result: unknown = undefined) =>
    async (...args: unknown[]) => {
      calls.push([name, ...args]);
      return result;
    };
  const writer = {
    createRun: record("createRun", run),
    logParams: record("logParams"),
    async logMetrics(id: string, points: readonly MetricInput[]) {
      if (failNext) {
        const error = failNext;
        failNext = null;
        throw error;
      }
      calls.push(["logMetrics", id, points]);
    },
    setTag: record("setTag"),
    endRun: record("endRun", { ...run, status: "FINISHED" }),
  } as unknown as TrackingWriter;
  return { writer, calls, fail: (error: Error) => (failNext = error) };
}

describe("createTrainingTracker", () => {
  it("starts the run in the bound context and passes params and tags through", async () => {
    const { writer, calls } = fakeWriter();
    const tracker = createTrainingTracker(writer, { notebookId: "nb", cellId: "c1", actorId: "u", lineageRunId: "lr" });
    const run = await tracker.startRun({ experiment: "iris", name: "lr-0.1", tags: { team: "vision" } });
    await run.logParams({ lr: 0.1, shuffle: true });
    expect(calls).toEqual([
      ["createRun", { experiment: "iris", name: "lr-0.1", parentRunId: undefined, notebookId: "nb", cellId: "c1", actorId: "u", lineageRunId: "lr", tags: [{ key: "team", value: "vision" }] }],
      ["logParams", run.id, [{ key: "lr", value: 0.1 }, { key: "shuffle", value: true }]],
    ]);
  });

  it("buffers metric points with the time they were logged and writes them when the buffer fills and on endRun", async () => {
    const { writer, calls } = fakeWriter();
    let clock = 1_000;
    const run = await createTrainingTracker(writer, {}, { flushEvery: 3, flushIntervalMs: 60_000, now: () => clock }).startRun({ experiment: "e" });
    await run.logMetric("loss", 0.9, 0);
    clock = 1_010;
    await run.logMetric("loss", NaN, 1);
    expect(calls.filter((c) => c[0] === "logMetrics")).toEqual([]);
    clock = 1_020;
    await run.logMetrics({ acc: 0.5, loss: -Infinity }, 2);
    await run.logMetric("acc", 0.6, 3);
    await run.endRun();
    const writes = calls.filter((c) => c[0] === "logMetrics").map((c) => c[2]);
    expect(writes).toEqual([
      [
        { key: "loss", value: 0.9, step: 0, timestamp: 1_000 },
        { key: "loss", value: "NaN", step: 1, timestamp: 1_010 },
        { key: "acc", value: 0.5, step: 2, timestamp: 1_020 },
        { key: "loss", value: "-Infinity", step: 2, timestamp: 1_020 },
      ],
      [{ key: "acc", value: 0.6, step: 3, timestamp: 1_020 }],
    ]);
    expect(calls.at(-1)).toEqual(["endRun", run.id, "FINISHED"]);
  });

  it("writes on a log call once the interval has passed, and step defaults to 0", async () => {
    const { writer, calls } = fakeWriter();
    let clock = 0;
    const run = await createTrainingTracker(writer, {}, { flushEvery: 100, flushIntervalMs: 1_000, now: () => clock }).startRun({ experiment: "e" });
    await run.logMetric("a", 1);
    clock = 1_000;
    await run.logMetric("a", 2);
    expect(calls.filter((c) => c[0] === "logMetrics").map((c) => c[2])).toEqual([
      [
        { key: "a", value: 1, step: 0, timestamp: 0 },
        { key: "a", value: 2, step: 0, timestamp: 1_000 },
      ],
    ]);
  });

  it("refuses a bad key or step at the call, before anything is buffered", async () => {
    const { writer, calls } = fakeWriter();
    const run = await createTrainingTracker(writer).startRun({ experiment: "e" });
    await expect(run.logMetric("../loss", 1)).rejects.toMatchObject({ code: "invalid_body" });
    await expect(run.logMetric("loss", 1, 0.5)).rejects.toMatchObject({ code: "invalid_body" });
    await run.flush();
    expect(calls.filter((c) => c[0] === "logMetrics")).toEqual([]);
  });

  it("keeps points through a lost channel but drops those the store refused", async () => {
    const { writer, calls, fail } = fakeWriter();
    const run = await createTrainingTracker(writer, {}, { flushEvery: 1000, now: () => 5 }).startRun({ experiment: "e" });
    await run.logMetric("a", 1);
    fail(new Error("channel closed"));
    await expect(run.flush()).rejects.toThrow("channel closed");
    await run.logMetric("a", 2);
    await run.flush();
    expect(calls.filter((c) => c[0] === "logMetrics").map((c) => (c[2] as MetricInput[]).map((p) => p.value))).toEqual([[1, 2]]);
    await run.logMetric("a", 3);
    fail(new AppError("run_ended", "ended"));
    const refused = await run.flush().catch((e: unknown) => e);
    expect(isAppError(refused) && refused.code).toBe("run_ended");
    await run.flush();
    expect(calls.filter((c) => c[0] === "logMetrics")).toHaveLength(1);
  });
});
