/**
 * A primitive call that reads datasets in a context (train, predict,
 * evaluate) as a lineage run of its cell: the Dataset versions it reads are
 * its inputs, each with the contexts it was read in (training, validation,
 * test) as a `tracebook_context` use facet, and a fitted FeatureSet the data
 * came from is an input too. One version read in two contexts is named once,
 * with both.
 */
import type { KernelCallContext } from "../../../kernel/process/host";
import type { CallLineage, LineageDatasetRef } from "../../../kernel/process/lineage";
import type { InputContext } from "../../../protocol/experiments";
import { isFeatureSet } from "../../features/feature-set";
import { featureSetRef } from "../../features/kernel/lineage";
import { CONTEXT_FACET } from "../../lineage/facets";
import { isDataset } from "../dataset";
import { bareDataset, datasetParameter, lineageRef, type NamedDataset } from "./datasets";

/** One data argument of a call and the context it is read in. */
export interface DataArgument {
  value: unknown;
  context: InputContext;
}

/** A dataset version the call reads, in one context (what experiment runs log as their inputs). */
export interface ContextInput {
  dataset: { namespace: string; name: string; digest: string };
  context: InputContext;
}

function isHandle(value: unknown): boolean {
  return typeof value === "object" && value !== null && typeof (value as { __tbHandle?: unknown }).__tbHandle === "string";
}

/** The named dataset behind a handle; a bare Dataset (another module's output) is named by its id, as `data.*` names it. */
function namedDataset(ctx: KernelCallContext, handle: unknown): NamedDataset | null {
  if (!isHandle(handle)) return null;
  const held = ctx.handles.get(handle);
  if (isDataset(held)) return bareDataset(ctx, held);
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
 * call's data arguments as inputs (shown in the parameters under their
 * context) and `parameters` besides. Arguments that are no dataset (arrays)
 * add nothing; a failing body records FAIL with its error.
 * @example
 * return recordDataCall(ctx, "evaluate.classification", { options }, [{ value: handle, context: "test" }], (lineage) => evaluate());
 */
export function recordDataCall<T>(
  ctx: KernelCallContext,
  primitive: string,
  parameters: Record<string, unknown>,
  data: readonly DataArgument[],
  body: (lineage: CallLineage, inputs: ContextInput[]) => Promise<T>,
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
  const inputs: ContextInput[] = [...byVersion.values()].flatMap(({ named, contexts }) =>
    [...contexts].map((context) => ({ dataset: { namespace: named.namespace, name: named.name, digest: named.dataset.contentHash }, context })),
  );
  const refs = [
    ...[...byVersion.values()].map(({ named, contexts }) => lineageRef(named, { [CONTEXT_FACET]: { contexts: [...contexts].sort() } })),
    ...featureSets.values(),
  ];
  return ctx.kernel.lineage.record(ctx.cellId, { primitive, parameters: { ...shown, ...parameters }, inputs: refs }, (lineage) => body(lineage, inputs));
}
