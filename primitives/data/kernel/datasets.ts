import type { KernelCallContext } from "../../../kernel/process/host";
import type { LineageDatasetRef } from "../../../kernel/process/lineage";
import type { SandboxHandle } from "../../../kernel/process/sandbox/sandbox";
import { isDataset, type Dataset } from "../dataset";

/**
 * Datasets as cells see them (handles) and as lineage names them. A handle
 * holds a dataset version and the name the call that made it gave it: a
 * loaded file is named after the notebook file (or URL), a derived one after
 * the cell and primitive that made it, so a re-run of that cell records a new
 * version of the same name. Identical content made twice is one version in
 * the engine, but each handle keeps its own name.
 */
export const DATASET_KIND = "Dataset";

export interface NamedDataset {
  readonly dataset: Dataset;
  readonly namespace: string;
  readonly name: string;
}

/** The dataset a cell passed, or a TypeError naming the argument. */
export function datasetArg(ctx: KernelCallContext, value: unknown, where: string): NamedDataset {
  let held: unknown;
  try {
    held = ctx.handles.get(value, DATASET_KIND);
  } catch (error) {
    throw new TypeError(`${where}: ${error instanceof Error ? error.message : String(error)}`);
  }
  // Datasets other modules made (transformed features, say) are held bare; lineage names them by their id.
  if (isDataset(held)) return bareDataset(ctx, held);
  return held as NamedDataset;
}

/** A dataset held without a name (another module's output, a perturbed copy): lineage names it by its id in the notebook's namespace. */
export function bareDataset(ctx: KernelCallContext, dataset: Dataset): NamedDataset {
  return { dataset, namespace: notebookNamespace(ctx.kernel.notebookId), name: dataset.id };
}

/** A record of named dataset handles (`{ train, test }`), as splits are passed back. */
export function datasetsArg(ctx: KernelCallContext, value: unknown, where: string): Record<string, NamedDataset> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError(`${where}: expected an object of datasets, e.g. { train, test }`);
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) throw new TypeError(`${where}: expected at least one dataset`);
  return Object.fromEntries(entries.map(([name, handle]) => [name, datasetArg(ctx, handle, `${where}.${name}`)]));
}

/** The handle a cell gets for a dataset its call made and named: its preview reads the id and the shape. */
export function datasetHandle(ctx: KernelCallContext, named: NamedDataset): SandboxHandle {
  const { dataset } = named;
  const columns = dataset.columns.length;
  const label = `${dataset.id} (${dataset.rowCount} row${dataset.rowCount === 1 ? "" : "s"} × ${columns} column${columns === 1 ? "" : "s"})`;
  return ctx.handles.add(Object.freeze({ ...named }), DATASET_KIND, label);
}

/** A dataset a cell derived, named `<cellId>/<primitive>[/<part>]` in the notebook's namespace. */
export function derived(ctx: KernelCallContext, dataset: Dataset, primitive: string, part?: string): NamedDataset {
  return { dataset, namespace: notebookNamespace(ctx.kernel.notebookId), name: [ctx.cellId, primitive, ...(part ? [part] : [])].join("/") };
}

export function notebookNamespace(notebookId: string): string {
  return `tracebook://notebooks/${notebookId}`;
}

/** The lineage reference of a dataset version: its name, content hash, schema and row count. */
export function lineageRef(named: NamedDataset, extraFacets: Record<string, unknown> = {}): LineageDatasetRef {
  const { dataset } = named;
  return {
    namespace: named.namespace,
    name: named.name,
    version: dataset.contentHash,
    facets: {
      schema: { fields: dataset.columns.map((c) => ({ name: c.name, type: c.type })) },
      rowCount: dataset.rowCount,
      ...extraFacets,
    },
  };
}

/** A dataset as plain JSON for lineage parameters. */
export function datasetParameter(named: NamedDataset): { id: string; name: string } {
  return { id: named.dataset.id, name: named.name };
}
