import type { TrackedRun, TrainingTracker as ExperimentTracker } from "../../experiments/tracker";
import type { JsonValue } from "../../data/errors";
import { MODEL_ARTIFACT_KEY, type TrackedRunId, type TrackedRunStatus, type TrainingInput, type TrainingTracker } from "../tracker";

const END_STATUS = { completed: "FINISHED", interrupted: "KILLED", failed: "FAILED" } as const;

/** Where a run's model is logged, as MLflow's `log_model(artifact_path="model")`. */
export const MODEL_ARTIFACT_PATH = "model";

/**
 * Training's tracking hooks on experiment tracking: each training, search,
 * trial and fold becomes an experiment run (parents kept), its settings
 * write-once params, its per-epoch losses and metrics a metric history, and
 * the end summary tags. Every run logs the call's input dataset versions with
 * their context, and a saved model (`modelArtifact` in the summary) as its
 * `model` artifact, so the lineage graph runs data -> run -> model.
 * Interrupted runs end KILLED, as MLflow marks them.
 *
 * @example
 * const tracker = trackTrainingIn(createTrainingTracker(writer, { notebookId, cellId }), "Default", [{ dataset, context: "training" }]);
 */
export function trackTrainingIn(experiments: ExperimentTracker, experiment: string, inputs: readonly TrainingInput[] = []): TrainingTracker {
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
      for (const input of inputs) await run.logInput(input.dataset, input.context);
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
      const { [MODEL_ARTIFACT_KEY]: model, ...rest } = summary ?? {};
      if (typeof model === "string") await run.logArtifact(MODEL_ARTIFACT_PATH, { artifactId: model }, { kind: "model", mediaType: "application/vnd.tracebook.model" });
      for (const [key, value] of Object.entries(rest)) {
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
