/**
 * Turning what a cell passes (handles and plain data) into training
 * sources. Host objects are recognised by shape, not instanceof: the
 * FeatureSet module is built separately, and a bundled kernel may hold two
 * copies of a class.
 */
import type { HostCallContext } from "../../kernel/process/sandbox/sandbox";
import type { DataEngine } from "../data/engine";
import { isDataset, unwrapDataset, type Dataset } from "../data/dataset";
import type { JsonValue } from "../data/errors";
import type { FeatureSetRef } from "../models/model";
import { TrainError } from "./errors";
import type { TrainSource } from "./source";

function isHandle(value: unknown): boolean {
  return typeof value === "object" && value !== null && typeof (value as { __tbHandle?: unknown }).__tbHandle === "string";
}

/**
 * A fitted FeatureSet host object as models carry it: its JSON (toJSON()) and,
 * when it has one, its transform (which may return a Dataset or { dataset }).
 * @example
 * const ref = toFeatureSetRef(ctx.handles.get(arg));
 */
export function toFeatureSetRef(value: unknown): FeatureSetRef {
  if (typeof value !== "object" || value === null || typeof (value as { toJSON?: unknown }).toJSON !== "function") {
    throw new TrainError("invalid_argument", "featureSet must be a fitted FeatureSet (a handle with a JSON form)");
  }
  const object = value as { toJSON(): unknown; transform?: (dataset: Dataset) => Promise<unknown> };
  const json = JSON.parse(JSON.stringify(object.toJSON())) as JsonValue;
  const transform = typeof object.transform === "function"
    ? async (dataset: Dataset): Promise<Dataset> => {
      const out = await object.transform!.call(object, dataset);
      const result = isDataset(out) ? out : (out as { dataset?: unknown } | null)?.dataset;
      if (!isDataset(result)) throw new TrainError("invalid_argument", "the FeatureSet's transform did not return a Dataset");
      return result;
    }
    : undefined;
  return transform ? { json, transform } : { json };
}

/**
 * The training source a cell argument names: a Dataset handle,
 * { dataset, featureSet } (FeatureSet output), or { x, y } arrays.
 * @example
 * const source = await resolveSource(args[0], ctx, getDataEngine, "data");
 */
export async function resolveSource(arg: unknown, ctx: HostCallContext, engine: () => Promise<DataEngine>, what: string): Promise<TrainSource> {
  if (isHandle(arg)) {
    const value = unwrapDataset(ctx.handles.get(arg));
    if (!value) throw new TrainError("invalid_argument", `${what} must be a Dataset, { dataset, featureSet } or { x, y }; got a handle to something else`);
    return { dataset: value, engine: await engine() };
  }
  if (typeof arg === "object" && arg !== null && "dataset" in arg) {
    const { dataset, featureSet } = arg as { dataset: unknown; featureSet?: unknown };
    const resolved = isHandle(dataset) ? unwrapDataset(ctx.handles.get(dataset)) : null;
    if (!resolved) throw new TrainError("invalid_argument", `${what}.dataset must be a Dataset handle`);
    const ref = featureSet === undefined || featureSet === null ? null : toFeatureSetRef(isHandle(featureSet) ? ctx.handles.get(featureSet) : featureSet);
    return { dataset: resolved, engine: await engine(), featureSet: ref };
  }
  if (typeof arg === "object" && arg !== null && "x" in arg && "y" in arg) {
    return { x: (arg as { x: unknown }).x, y: (arg as { y: unknown }).y };
  }
  throw new TrainError("invalid_argument", `${what} must be a Dataset, { dataset, featureSet } or { x, y }`);
}

/**
 * Splits `validation` and `test` out of a cell's options (they hold data, not settings).
 * @example
 * const { validation, test, rest } = takeDataOptions(options);
 */
export function takeDataOptions(options: unknown): { validation: unknown; test: unknown; rest: unknown } {
  if (typeof options !== "object" || options === null || Array.isArray(options) || !("validation" in options || "test" in options)) {
    return { validation: undefined, test: undefined, rest: options };
  }
  const { validation, test, ...rest } = options as { validation?: unknown; test?: unknown };
  return { validation, test, rest };
}
