/**
 * A `train.*` call as a lineage run: the Dataset versions it reads are its
 * inputs, each with the context it was read in (training, validation) as a
 * `tracebook_context` use facet, and a fitted FeatureSet the data came from
 * is an input too. The experiment runs the call opens hang under this run
 * (their `lineageRunId`) and log the same versions as their inputs, so the
 * graph runs dataset version -> call run / experiment run -> model.
 */
import type { KernelCallContext } from "../../kernel/process/host";
import type { LineageDatasetRef } from "../../kernel/process/lineage";
import type { InputContext } from "../../protocol/experiments";
import { isDataset } from "../data/dataset";
import { datasetParameter, lineageRef, notebookNamespace, type NamedDataset } from "../data/kernel/datasets";
import { isFeatureSet } from "../features/feature-set";
import { featureSetRef } from "../features/kernel/lineage";
import { CONTEXT_FACET } from "../lineage/facets";
import type { TrackedCall, TrainingInput } from "./tracker";

/** One data argument of a call and the context it is read in. */
export interface DataArgument {
  value: unknown;
  context: InputContext;
}

function isHandle(value: unknown): boolean {
  return typeof value === "object" && value !== null && typeof (value as { __tbHandle?: unknown }).__tbHandle === "string";
}

/** The named dataset behind a handle; a bare Dataset (another module's output) is named by its id, as `data.*` names it. */
function namedDataset(ctx: KernelCallContext, handle: unknown): NamedDataset | null {
  if (!isHandle(handle)) return null;
  const held = ctx.handles.get(handle);
  if (isDataset(held)) return { dataset: held, namespace: notebookNamespace(ctx.kernel.notebookId), name: held.id };
  const named = held as Partial<NamedDataset> | null;
  return named && isDataset(named.dataset) && typeof named.namespace === "string" && typeof named.name === "string" ? (named as NamedDataset) : null;
}

/** A data argument's dataset (a handle, or `{ dataset, featureSet }`) and its feature set; arrays have neither. */
function unpack(ctx: KernelCallContext, value: unknown): { named: NamedDataset | null; featureSet: LineageDatasetRef | null } {
  if (isHandle(value)) return { named: namedDataset(ctx, value), featureSet: null };
  if (typeof value !== "object" || value === null || !("dataset" in value)) return { named: null, featureSet: null };
  const { dataset, featureSet } = value as { dataset: unknown; featureSet?: unknown };
  const fitted = isHandle(featureSet) ? ctx.handles.get(featureSet) : featureSet;
  return { named: namedDataset(ctx, dataset), featureSet: isFeatureSet(fitted) ? featureSetRef(fitted) : null };
}

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
  const byVersion = new Map<string, { named: NamedDataset; contexts: Set<InputContext> }>();
  const featureSets = new Map<string, LineageDatasetRef>();
  const shown: Record<string, unknown> = {};
  for (const argument of data) {
    if (argument.value === undefined) continue;
    const { named, featureSet } = unpack(ctx, argument.value);
    if (featureSet) featureSets.set(featureSet.version, featureSet);
    if (!named) continue;
    shown[argument.context] = datasetParameter(named);
    const key = `${named.namespace}\u0000${named.name}\u0000${named.dataset.contentHash}`;
    const entry = byVersion.get(key) ?? { named, contexts: new Set<InputContext>() };
    entry.contexts.add(argument.context);
    byVersion.set(key, entry);
  }
  const inputs: TrainingInput[] = [...byVersion.values()].flatMap(({ named, contexts }) =>
    [...contexts].map((context) => ({ dataset: { namespace: named.namespace, name: named.name, digest: named.dataset.contentHash }, context })),
  );
  const refs = [
    ...[...byVersion.values()].map(({ named, contexts }) => lineageRef(named, { [CONTEXT_FACET]: { contexts: [...contexts].sort() } })),
    ...featureSets.values(),
  ];
  return ctx.kernel.lineage.record(ctx.cellId, { primitive, parameters: { ...shown, ...parameters }, inputs: refs }, (lineage) =>
    body({ lineageRunId: lineage.runId, inputs }),
  );
}
