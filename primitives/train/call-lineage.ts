/**
 * A `train.*` call as a lineage run (primitives/data/kernel/call-inputs.ts:
 * its datasets are inputs with the context they were read in). The
 * experiment runs the call opens hang under this run (their `lineageRunId`)
 * and log the same versions as their inputs, so the graph runs dataset
 * version -> call run / experiment run -> model.
 */
import type { KernelCallContext } from "../../kernel/process/host";
import { recordDataCall, type DataArgument } from "../data/kernel/call-inputs";
import type { TrackedCall } from "./tracker";

/**
 * Runs `body` as the lineage run `primitive` of the calling cell, with the
 * call's data arguments as inputs; `body` gets what its tracker is bound to.
 * @example
 * return recordTrainingCall(ctx, "train.logisticRegression", { options }, [{ value: data, context: "training" }], (call) => fit(call));
 */
export function recordTrainingCall<T>(
  ctx: KernelCallContext,
  primitive: string,
  parameters: Record<string, unknown>,
  data: readonly DataArgument[],
  body: (call: TrackedCall) => Promise<T>,
): Promise<T> {
  return recordDataCall(ctx, primitive, parameters, data, (lineage, inputs) => body({ lineageRunId: lineage.runId, inputs }));
}
