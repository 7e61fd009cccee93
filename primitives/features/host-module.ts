import type { HostModule } from "../../kernel/process/host";
import type { HostCallContext } from "../../kernel/process/sandbox/sandbox";
import type { ArtifactStore } from "../artifacts/store";
import { unwrapDataset, type Dataset } from "../data/dataset";
import type { DataEngine } from "../data/engine";
import { FeatureError } from "./errors";
import { isFeatureSet, type FeatureSet } from "./feature-set";
import { fitFeatureSet } from "./fit";
import { materializeView, type MaterializeOptions } from "./materialize";
import type { OfflineCatalogApi } from "./offline-catalog";
import { readOfflineView, writeOfflineView } from "./offline-store";
import { getOnlineFeatures } from "./online-client";
import type { KeyValue } from "./online-codec";
import type { OnlineStoreApi } from "./online-store";
import { pointInTimeJoin, type PointInTimeOptions } from "./pit-join";
import { loadFeatureSet, saveFeatureSet } from "./storage";
import { transformDataset, transformRecord } from "./transform";

/**
 * The `features` global of cells (declared in primitives/types/features.d.ts),
 * as a kernel host module. FeatureSets and Datasets cross as handles (kinds
 * "FeatureSet" and "Dataset"); everything else is plain JSON. The online
 * store and the offline catalog live on the server: the kernel passes
 * proxies that implement their plain-JSON interfaces over its channel.
 * Not registered yet: the kernel wires it with `registerHostModule`.
 */
export interface FeaturesHostDeps {
  /** The kernel process's data engine. */
  engine(): Promise<DataEngine>;
  artifacts: ArtifactStore;
  online: OnlineStoreApi;
  offline: OfflineCatalogApi;
}

/** Kind names the handles carry. */
const FEATURE_SET = "FeatureSet";
const DATASET = "Dataset";

/**
 * Builds the module; every function checks its arguments and answers with a handle or plain JSON.
 * @example
 * registerHostModule(createFeaturesHostModule({ engine: getDataEngine, artifacts, online: onlineProxy, offline: offlineProxy }));
 */
export function createFeaturesHostModule(deps: FeaturesHostDeps): HostModule {
  const featureSetOf = (handle: unknown, ctx: HostCallContext): FeatureSet => {
    const value = ctx.handles.get(handle, FEATURE_SET);
    if (!isFeatureSet(value)) throw new TypeError("expected a FeatureSet handle");
    return value;
  };
  const datasetOf = (handle: unknown, ctx: HostCallContext): Dataset => {
    const dataset = unwrapDataset(ctx.handles.get(handle, DATASET));
    if (!dataset) throw new TypeError("expected a Dataset handle");
    return dataset;
  };
  const datasetHandle = (dataset: Dataset, ctx: HostCallContext) => ctx.handles.add(dataset, DATASET);

  return {
    name: "features",
    functions: {
      async fit([definition, data], ctx) {
        const featureSet = await fitFeatureSet(await deps.engine(), definition, datasetOf(data, ctx));
        await saveFeatureSet(deps.artifacts, featureSet);
        return ctx.handles.add(featureSet, FEATURE_SET);
      },
      async load([version], ctx) {
        if (typeof version !== "string") throw new FeatureError("invalid_argument", "features.load takes a version string");
        return ctx.handles.add(await loadFeatureSet(deps.artifacts, version), FEATURE_SET);
      },
      describe([featureSet], ctx) {
        return featureSetOf(featureSet, ctx).toJSON();
      },
      async transform([featureSet, data], ctx) {
        return datasetHandle(await transformDataset(await deps.engine(), featureSetOf(featureSet, ctx), datasetOf(data, ctx)), ctx);
      },
      transformOne([featureSet, record], ctx) {
        return transformRecord(featureSetOf(featureSet, ctx), plainObject(record, "features.transformOne's record"));
      },
      async pointInTimeJoin([entities, views, options], ctx) {
        if (!Array.isArray(views)) throw new FeatureError("invalid_argument", "features.pointInTimeJoin takes an array of { view, data }");
        const resolved = views.map((v, i) => {
          const entry = plainObject(v, `views[${i}]`);
          return { view: plainObject(entry.view, `views[${i}].view`), data: datasetOf(entry.data, ctx) };
        });
        const joined = await pointInTimeJoin(await deps.engine(), datasetOf(entities, ctx), resolved, (options ?? {}) as PointInTimeOptions);
        return datasetHandle(joined, ctx);
      },
      async materialize([view, data, options], ctx) {
        return materializeView(await deps.engine(), deps.online, view, datasetOf(data, ctx), (options ?? {}) as MaterializeOptions);
      },
      async getOnline([view, entityRows, options]) {
        if (typeof view !== "string" || !Array.isArray(entityRows)) throw new FeatureError("invalid_argument", "features.getOnline takes a view name and an array of entity keys");
        return getOnlineFeatures(deps.online, view, entityRows as Record<string, KeyValue>[], (options ?? {}) as { features?: string[] });
      },
      async writeOffline([view, data], ctx) {
        return writeOfflineView(await deps.engine(), deps.artifacts, deps.offline, view, datasetOf(data, ctx));
      },
      async readOffline([view, options], ctx) {
        if (typeof view !== "string") throw new FeatureError("invalid_argument", "features.readOffline takes a view name");
        const { dataset, ...entry } = await readOfflineView(await deps.engine(), deps.artifacts, deps.offline, view, (options ?? {}) as { version?: number });
        return { ...entry, dataset: datasetHandle(dataset, ctx) };
      },
      async offlineVersions([view]) {
        if (typeof view !== "string") throw new FeatureError("invalid_argument", "features.offlineVersions takes a view name");
        return deps.offline.listVersions({ view });
      },
    },
  };
}

function plainObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new FeatureError("invalid_argument", `${what} must be an object`);
  return value as Record<string, unknown>;
}
