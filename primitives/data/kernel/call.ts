import type { KernelCallContext } from "../../../kernel/process/host";
import type { CallLineage, LineageDatasetRef } from "../../../kernel/process/lineage";
import type { Dataset } from "../dataset";
import type { DataEngine } from "../engine";
import { DataError } from "../errors";
import { datasetHandle, datasetParameter, derived, lineageRef, type NamedDataset } from "./datasets";

/**
 * One `data.*` call as a lineage run: the engine, the call recorded with its
 * parameters and input datasets, and errors as the cell should read them.
 */
export type EngineSource = () => Promise<DataEngine>;

export interface CallSpec {
  primitive: string;
  parameters: Record<string, unknown>;
  inputs: NamedDataset[];
  /** Inputs that are not datasets of this notebook (a feature set, a store's view), known before the call. */
  otherInputs?: LineageDatasetRef[];
  /** Server paths in error messages become what the cell named (a file name). */
  shownPaths?: Record<string, string>;
}

export async function runCall<T>(
  engine: EngineSource,
  ctx: KernelCallContext,
  spec: CallSpec,
  body: (engine: DataEngine, lineage: CallLineage) => Promise<T>,
): Promise<T> {
  try {
    const ready = await engine();
    return await ctx.kernel.lineage.record(
      ctx.cellId,
      { primitive: spec.primitive, parameters: spec.parameters, inputs: [...spec.inputs.map((d) => lineageRef(d)), ...(spec.otherInputs ?? [])] },
      (lineage) => body(ready, lineage),
    );
  } catch (error) {
    throw forCell(error, spec.shownPaths ?? {});
  }
}

/**
 * A call that derives one new dataset from one input (clean, dedupe,
 * anomalies): the output is named after the cell and primitive, and the
 * report (without sample rows) is kept as a run facet.
 */
export function deriveDataset<R>(
  engine: EngineSource,
  ctx: KernelCallContext,
  primitive: string,
  input: NamedDataset,
  parameters: Record<string, unknown>,
  run: (engine: DataEngine, input: Dataset) => Promise<{ dataset: Dataset; report: R }>,
) {
  return runCall(engine, ctx, { primitive, parameters: { dataset: datasetParameter(input), ...parameters }, inputs: [input] }, async (ready, lineage) => {
    const { dataset, report } = await run(ready, input.dataset);
    const output = derived(ctx, dataset, primitive);
    lineage.output(lineageRef(output));
    lineage.facet("report", withoutSamples(report));
    return { dataset: datasetHandle(ctx, output), report };
  });
}

/** Reports as lineage facets: counts and parameters, not the sample rows (data stays out of the store). */
export function withoutSamples(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSamples);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== "samples" && key !== "badLines")
        .map(([key, item]) => [key, withoutSamples(item)]),
    );
  }
  return value;
}

/** A DataError keeps its code in the message (the cell sees name and message only). */
function forCell(error: unknown, shownPaths: Record<string, string>): unknown {
  if (!(error instanceof Error)) return error;
  let message = error.message;
  for (const [full, shown] of Object.entries(shownPaths)) message = message.replaceAll(full, shown);
  if (error instanceof DataError) return Object.assign(new Error(`${message} [${error.code}]`), { name: "DataError" });
  if (message === error.message) return error;
  return Object.assign(new Error(message), { name: error.name });
}
