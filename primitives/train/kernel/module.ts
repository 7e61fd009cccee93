import type { KernelCallContext } from "../../../kernel/process/host";
import { registerLazyHostModule } from "../../../kernel/process/lazy-module";
import { kernelArtifacts } from "../../artifacts/kernel";
import { kernelDataEngine } from "../../data/kernel/engine";
import type { TrackedCall } from "../tracker";

/** The cells' `train.*`; TensorFlow.js loads on the first call. Kept equal to the module's functions by its test. */
export const TRAIN_FUNCTIONS = ["linearRegression", "logisticRegression", "softmaxClassifier", "mlpClassifier", "mlpRegressor", "crossValidate", "search", "backend"] as const;

/** Where runs go when a cell names no experiment (MLflow's default experiment has this name too). */
const DEFAULT_EXPERIMENT = "Default";

registerLazyHostModule("train", TRAIN_FUNCTIONS, async (ctx) => {
  const [{ createTrainHostModule }, { createTrainingTracker }, { kernelTrackingWriter }, { trackTrainingIn }, artifacts] = await Promise.all([
    import("../host-module"),
    import("../../experiments/tracker"),
    import("../../experiments/kernel-writer"),
    import("./experiment-tracker"),
    kernelArtifacts(),
  ]);
  const tracker = (ctx: KernelCallContext, call: TrackedCall) =>
    trackTrainingIn(
      createTrainingTracker(kernelTrackingWriter(ctx.kernel.server), {
        notebookId: ctx.kernel.notebookId,
        cellId: ctx.cellId,
        lineageRunId: call.lineageRunId,
      }),
      DEFAULT_EXPERIMENT,
      call.inputs,
    );
  return createTrainHostModule({
    engine: kernelDataEngine,
    artifacts: () => artifacts,
    tracker: (ctx, call) => tracker(ctx as KernelCallContext, call),
    // Progress is best effort: an output budget spent must not fail the training.
    emit: (_cellId, output) => {
      try {
        ctx.emit(output);
      } catch {
        /* the cell's output budget is spent */
      }
    },
  });
});
