/**
 * What training tells experiment tracking. Tracking itself (storage, UI)
 * belongs to the tracking module, which implements this interface; training
 * only calls it. Every method may be sync or async; training awaits each call
 * in order, so a run's records arrive in the order they happened.
 */
import type { Brand } from "../../protocol/ids";
import type { JsonValue } from "../data/errors";

export type TrackedRunId = Brand<string, "TrackedRunId">;

/** train: one fit; search: a hyperparameter search (parent); trial: one configuration of a search; fold: one fold of a cross-validation. */
export type TrackedRunKind = "train" | "search" | "trial" | "cross_validation" | "fold";

export type TrackedRunStatus = "completed" | "interrupted" | "failed";

export interface StartRunInfo {
  name: string;
  kind: TrackedRunKind;
  /** The search or cross-validation this run belongs to. */
  parentRunId?: TrackedRunId;
}

/** The end-summary key under which a saved model's artifact id reaches the tracker. */
export const MODEL_ARTIFACT_KEY = "modelArtifact";

/** A dataset version a training call reads, and in which context. */
export interface TrainingInput {
  dataset: { namespace: string; name: string; digest: string };
  context: "training" | "validation" | "test";
}

/** What the trackers of one training call are bound to: the call's lineage run and what it reads. */
export interface TrackedCall {
  lineageRunId: string | null;
  inputs: TrainingInput[];
}

export interface TrainingTracker {
  startRun(info: StartRunInfo): Promise<TrackedRunId> | TrackedRunId;
  logParams(runId: TrackedRunId, params: { [name: string]: JsonValue }): Promise<void> | void;
  /** `step` is the epoch (1-based) for curves, the rung for successive halving, the fold for cross-validation. */
  logMetric(runId: TrackedRunId, name: string, value: number, step: number): Promise<void> | void;
  /** `summary`: final metrics, the checkpoint's artifact id, the error of a failed run. */
  endRun(runId: TrackedRunId, status: TrackedRunStatus, summary?: { [name: string]: JsonValue }): Promise<void> | void;
}

/**
 * A tracker that records nothing (training without tracking wired in).
 * @example
 * const tracker = options.tracker ?? NO_TRACKER;
 */
export const NO_TRACKER: TrainingTracker = {
  startRun: () => "untracked" as TrackedRunId,
  logParams: () => undefined,
  logMetric: () => undefined,
  endRun: () => undefined,
};

/** One run as the in-memory tracker keeps it. */
export interface MemoryRun {
  id: TrackedRunId;
  name: string;
  kind: TrackedRunKind;
  parentRunId: TrackedRunId | null;
  params: { [name: string]: JsonValue };
  metrics: Array<{ name: string; value: number; step: number }>;
  status: TrackedRunStatus | "running";
  summary: { [name: string]: JsonValue } | null;
}

export interface MemoryTracker extends TrainingTracker {
  readonly runs: MemoryRun[];
  /** The run with this id, or a thrown Error. */
  run(id: TrackedRunId): MemoryRun;
}

/**
 * A tracker holding runs in memory, in start order (tests; a notebook with no
 * tracking store). Refuses calls for unknown or ended runs, so a test catches
 * a run that is logged after it ended.
 * @example
 * const tracker = createMemoryTracker();
 * await fitModel("linearRegression", data, options, { tracker });
 * tracker.runs[0].metrics; // [{ name: "loss", value: …, step: 1 }, …]
 */
export function createMemoryTracker(): MemoryTracker {
  const runs: MemoryRun[] = [];
  const find = (id: TrackedRunId): MemoryRun => {
    const run = runs.find((r) => r.id === id);
    if (!run) throw new Error(`unknown run ${id}`);
    return run;
  };
  const open = (id: TrackedRunId): MemoryRun => {
    const run = find(id);
    if (run.status !== "running") throw new Error(`run ${id} already ended (${run.status})`);
    return run;
  };
  return {
    runs,
    run: find,
    startRun(info) {
      if (info.parentRunId !== undefined) open(info.parentRunId);
      const id = `run_${runs.length + 1}` as TrackedRunId;
      runs.push({ id, name: info.name, kind: info.kind, parentRunId: info.parentRunId ?? null, params: {}, metrics: [], status: "running", summary: null });
      return id;
    },
    logParams(id, params) {
      Object.assign(open(id).params, params);
    },
    logMetric(id, name, value, step) {
      open(id).metrics.push({ name, value, step });
    },
    endRun(id, status, summary) {
      const run = open(id);
      run.status = status;
      run.summary = summary ?? null;
    },
  };
}
