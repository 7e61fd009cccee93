import type { TrackedRun, TrainingTracker as ExperimentTracker } from "../../experiments/tracker";
import type { JsonValue } from "../../data/errors";
import type { TrackedRunId, TrackedRunStatus, TrainingTracker } from "../tracker";

const END_STATUS = { completed: "FINISHED", interrupted: "KILLED", failed: "FAILED" } as const;

/**
 * Training's tracking hooks on experiment tracking: each training, search,
 * trial and fold becomes an experiment run (parents kept), its settings
 * write-once params, its per-epoch losses and metrics a metric history, and
 * the end summary tags. Interrupted runs end KILLED, as MLflow marks them.
 *
 * @example
 * const tracker = trackTrainingIn(createTrainingTracker(writer, { notebookId, cellId }), "Default");
 */
export function trackTrainingIn(experiments: ExperimentTracker, experiment: string): TrainingTracker {
  const runs = new Map<string, TrackedRun>();
  const runOf = (id: TrackedRunId) => {
    const run = runs.get(id);
    if (!run) throw new Error(`unknown tracked run ${id}`);
    return run;
  };
  return {
    async startRun(info) {
      const run = await experiments.startRun({
        experiment,
        name: info.name,
        ...(info.parentRunId ? { parentRunId: runOf(info.parentRunId).id } : {}),
        tags: { "tracebook.kind": info.kind },
      });
      runs.set(run.id, run);
      return run.id as TrackedRunId;
    },
    async logParams(id, params) {
      await runOf(id).logParams(Object.fromEntries(Object.entries(params).map(([key, value]) => [key, paramValue(value)])));
    },
    async logMetric(id, name, value, step) {
      await runOf(id).logMetric(name, value, step);
    },
    async endRun(id, status: TrackedRunStatus, summary) {
      const run = runOf(id);
      for (const [key, value] of Object.entries(summary ?? {})) {
        if (typeof value === "number") await run.logMetric(`final.${key}`, value);
        else if (value !== null) await run.setTag(`tracebook.${key}`, typeof value === "string" ? value : JSON.stringify(value));
      }
      await run.endRun(END_STATUS[status]);
      runs.delete(id);
    },
  };
}

/** Params are scalars in MLflow; lists and objects (layer sizes, schedules) are kept as their JSON text. */
function paramValue(value: JsonValue): string | number | boolean {
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return JSON.stringify(value);
}
