/**
 * The `train` host module: what cells call as `train.<function>` (declared
 * for the editor in primitives/types/train.d.ts). Not registered here: the
 * kernel's process/modules.ts imports it and passes its dependencies
 * (the data engine, the artifact store, the tracking hooks, the cell output
 * emitter), so this module has no globals of its own.
 */
import { randomUUID } from "node:crypto";
import type { HostModule, KernelCallContext, KernelHostFunction } from "../../kernel/process/host";
import type { HostCallContext } from "../../kernel/process/sandbox/sandbox";
import type { CellOutput } from "../../protocol/outputs";
import type { ArtifactStore } from "../artifacts/store";
import type { DataEngine } from "../data/engine";
import type { JsonValue } from "../data/errors";
import { saveModel } from "../models/artifact";
import type { ModelKind, NetworkModel } from "../models/model";
import { currentBackend, ensureBackend } from "./backend";
import { recordTrainingCall } from "./call-lineage";
import { resolveSource, takeDataOptions } from "./cell-input";
import { withCellErrors } from "./cell-errors";
import { crossValidate } from "./cross-validate";
import { TrainError } from "./errors";
import { trainModel, type TrainHooks, type TrainResult } from "./fit";
import { maxEpochs } from "./options";
import { createTrainingProgress, type EmitOutput } from "./progress";
import { scoreTestData } from "./score";
import type { TrainSource } from "./source";
import { searchHyperparameters } from "./search";
import { MODEL_ARTIFACT_KEY, NO_TRACKER, type TrackedCall, type TrainingTracker } from "./tracker";

export interface TrainHostDeps {
  /** The kernel process's data engine (Datasets' rows live there). */
  engine: () => Promise<DataEngine>;
  /**
   * Where trained models are saved (and logged as their run's `model` artifact), interrupted
   * runs' best checkpoints included; without it the model lives only in the cell's handle.
   */
  artifacts?: () => ArtifactStore | null;
  /** The tracker for a call, bound to its notebook and cell by the tracking module, and to the call's lineage run and inputs. */
  tracker?: (ctx: HostCallContext, call: TrackedCall) => TrainingTracker;
  /** Outputs under the calling cell (progress bars, curves). */
  emit?: (cellId: string, output: CellOutput) => void;
}

const FIT_FUNCTIONS: ReadonlyArray<readonly [string, ModelKind]> = [
  ["linearRegression", "linearRegression"],
  ["logisticRegression", "logisticRegression"],
  ["softmaxClassifier", "softmaxClassifier"],
  ["mlpClassifier", "mlpClassifier"],
  ["mlpRegressor", "mlpRegressor"],
];

function historyRows(result: TrainResult): Array<{ [name: string]: number }> {
  return result.history.map((log) => ({ epoch: log.epoch, learning_rate: log.learningRate, ...log.metrics }));
}

/**
 * The `train` host module with its dependencies.
 * @example
 * registerHostModule(createTrainHostModule({ engine: () => getDataEngine(), artifacts: () => store, emit }));
 */
export function createTrainHostModule(deps: TrainHostDeps): HostModule {
  // The backend is chosen when the kernel starts, not on the first training call.
  ensureBackend().catch(() => undefined);
  const trackerFor = (ctx: HostCallContext, call: TrackedCall) => deps.tracker?.(ctx, call) ?? NO_TRACKER;
  const emitterFor = (ctx: HostCallContext): EmitOutput | null => (deps.emit ? (output) => deps.emit!(ctx.cellId, output) : null);

  // Every model is saved before its run ends, so the run's `model` artifact is what a reviewer can load.
  const saveHook = (ctx: HostCallContext, kept: { artifactId: string | null }): TrainHooks["beforeEnd"] => async (model: NetworkModel, status): Promise<{ [name: string]: JsonValue }> => {
    const store = deps.artifacts?.() ?? null;
    if (!store) return {};
    const saved = await saveModel(store, model);
    kept.artifactId = saved.artifactId;
    if (status !== "interrupted") return { [MODEL_ARTIFACT_KEY]: saved.artifactId };
    emitterFor(ctx)?.({ type: "markdown", text: `Interrupted: the best checkpoint (epoch ${model.training?.bestEpoch ?? "?"}) is saved as artifact \`${saved.artifactId}\`; \`models.load("${saved.artifactId}")\` brings it back.` });
    return { [MODEL_ARTIFACT_KEY]: saved.artifactId, checkpoint: saved.artifactId };
  };

  const fit = (kind: ModelKind): KernelHostFunction => withCellErrors(async (args: unknown[], ctx: KernelCallContext) => {
    const [data, options] = args;
    const { validation, test, rest } = takeDataOptions(options);
    const source = await resolveSource(data, ctx, deps.engine, "data");
    const validationSource = validation === undefined ? undefined : await resolveSource(validation, ctx, deps.engine, "options.validation");
    const testSource = test === undefined ? undefined : await resolveSource(test, ctx, deps.engine, "options.test");
    const inputs = [
      { value: data, context: "training" as const },
      { value: validation, context: "validation" as const },
      { value: test, context: "test" as const },
    ];
    return recordTrainingCall(ctx, `train.${kind}`, { options: rest as JsonValue }, inputs, async (call) => {
      const emit = emitterFor(ctx);
      const progress = emit ? createTrainingProgress(emit, kind, maxEpochs(kind, rest)) : null;
      const kept = { artifactId: null as string | null, testMetrics: null as { [name: string]: number } | null };
      try {
        const result = await trainModel({
          kind, data: source, options: rest,
          ...(validationSource ? { validation: validationSource } : {}),
          hooks: {
            signal: ctx.signal, tracker: trackerFor(ctx, call), beforeEnd: endHook(ctx, kept, testSource),
            ...(progress ? { onBatch: progress.onBatch, onProgress: progress.onProgress } : {}),
          },
        });
        progress?.finish(result.history, result.status, result.bestEpoch);
        return {
          model: ctx.handles.add(result.model, "Model"),
          status: result.status, bestEpoch: result.bestEpoch, metrics: result.model.training?.metrics ?? {},
          history: historyRows(result), seed: result.seed, backend: result.backend.backend, device: result.backend.device,
          runId: result.runId, artifactId: kept.artifactId, checkpoint: result.status === "interrupted" ? kept.artifactId : null,
          testMetrics: kept.testMetrics,
        };
      } catch (error) {
        progress?.finish([], "failed", null);
        throw error;
      }
    });
  });

  // Before the run ends: the model is saved, and scored on the test data when there is some.
  const endHook = (ctx: HostCallContext, kept: { artifactId: string | null; testMetrics: { [name: string]: number } | null }, test: TrainSource | undefined): TrainHooks["beforeEnd"] =>
    async (model, status) => {
      const saved = await saveHook(ctx, kept)!(model, status);
      if (!test) return saved;
      kept.testMetrics = await scoreTestData(model, test);
      return { ...saved, ...kept.testMetrics };
    };

  const functions: Record<string, KernelHostFunction> = Object.fromEntries(FIT_FUNCTIONS.map(([name, kind]) => [name, fit(kind)]));

  functions.crossValidate = withCellErrors(async (args: unknown[], ctx: KernelCallContext) => {
    const [kind, data, options, plan] = args as [ModelKind, unknown, unknown, { folds?: unknown; stratified?: unknown } | undefined];
    checkKind(kind);
    const folds = plan?.folds;
    if (typeof folds !== "number") throw new TrainError("invalid_argument", "crossValidate needs { folds: k } (an integer >= 2)");
    const source = await resolveSource(data, ctx, deps.engine, "data");
    const parameters = { kind, options: (options ?? null) as JsonValue, folds, stratified: plan?.stratified === true };
    return recordTrainingCall(ctx, "train.crossValidate", parameters, [{ value: data, context: "training" }], (call) =>
      crossValidate({ kind, data: source, options, folds, stratified: plan?.stratified === true, hooks: { signal: ctx.signal, tracker: trackerFor(ctx, call) } }),
    );
  });

  functions.search = withCellErrors(async (args: unknown[], ctx: KernelCallContext) => {
    const request = args[0] as { kind?: unknown; data?: unknown; validation?: unknown; options?: unknown; space?: unknown } & Record<string, unknown>;
    if (typeof request !== "object" || request === null) throw new TrainError("invalid_argument", "search takes one object: { kind, data, options, space, strategy, ... }");
    const { kind, data, validation, options, space, ...settings } = request;
    checkKind(kind);
    const source = await resolveSource(data, ctx, deps.engine, "data");
    const validationSource = validation !== undefined ? await resolveSource(validation, ctx, deps.engine, "validation") : undefined;
    const parameters = { kind, options: (options ?? null) as JsonValue, space: (space ?? null) as JsonValue, ...(settings as { [name: string]: JsonValue }) };
    const inputs = [{ value: data, context: "training" as const }, { value: validation, context: "validation" as const }];
    return recordTrainingCall(ctx, "train.search", parameters, inputs, async (call) => {
      const emit = emitterFor(ctx);
      const id = `search-${randomUUID()}`;
      const result = await searchHyperparameters({
        kind, options, space, settings, data: source,
        ...(validationSource ? { validation: validationSource } : {}),
        hooks: {
          // The refit's model is saved and logged on its run, as a single fit's is.
          signal: ctx.signal, tracker: trackerFor(ctx, call), beforeEnd: saveHook(ctx, { artifactId: null }),
          onTrial: (trial, done, total) => {
            emit?.({ type: "progress", id, label: `${kind} search · trial ${done}/${total}${trial.score !== null ? ` · ${String(settings.metric ?? "loss")} ${trial.score.toFixed(4)}` : ` · ${trial.status}`}`, value: done, total, done: false });
          },
        },
      });
      emit?.({ type: "progress", id, label: `${kind} search · ${result.trials.length} trials · ${result.status}`, value: result.trials.length, total: result.trials.length, done: true });
      return {
        status: result.status, metric: result.metric, mode: result.mode, best: result.best, runId: result.runId,
        trials: result.trials as unknown as JsonValue,
        model: result.model ? ctx.handles.add(result.model, "Model") : null,
      };
    });
  });

  functions.backend = withCellErrors(async () => ensureBackend());

  return {
    name: "train",
    functions,
    backend: () => {
      const info = currentBackend();
      return info ? `${info.backend} · ${info.device}` : null;
    },
  };
}

function checkKind(kind: unknown): asserts kind is ModelKind {
  if (!FIT_FUNCTIONS.some(([, k]) => k === kind)) {
    throw new TrainError("invalid_argument", `kind must be one of ${FIT_FUNCTIONS.map(([, k]) => k).join(", ")}; got ${JSON.stringify(kind)}`);
  }
}
