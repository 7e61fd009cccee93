import type { HostModule } from "../../kernel/process/host";
import type { HostCallContext } from "../../kernel/process/sandbox/sandbox";
import type { ArtifactStore } from "../artifacts/store";
import type { DataEngine } from "../data/engine";
import { runCall } from "../data/kernel/call";
import { datasetArg, datasetHandle, datasetParameter, derived, lineageRef } from "../data/kernel/datasets";
import { FeatureError } from "./errors";
import { featureSetRef, offlineDataset, onlineViewRef } from "./kernel/lineage";
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
 * Every call that reads or writes data (fit, transform, pointInTimeJoin,
 * materialize, writeOffline, readOffline) is a lineage run, recorded the way
 * `data.*` calls are (data/kernel/call.ts), with the names of
 * features/kernel/lineage.ts. kernel/module.ts registers it.
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
  return {
    name: "features",
    functions: {
      async fit([definition, data], ctx) {
        const input = datasetArg(ctx, data, "features.fit's data");
        const spec = { primitive: "features.fit", parameters: { definition, dataset: datasetParameter(input) }, inputs: [input] };
        return runCall(deps.engine, ctx, spec, async (engine, lineage) => {
          const featureSet = await fitFeatureSet(engine, definition, input.dataset);
          await saveFeatureSet(deps.artifacts, featureSet);
          lineage.output(featureSetRef(featureSet));
          return ctx.handles.add(featureSet, FEATURE_SET);
        });
      },
      async load([version], ctx) {
        if (typeof version !== "string") throw new FeatureError("invalid_argument", "features.load takes a version string");
        return ctx.handles.add(await loadFeatureSet(deps.artifacts, version), FEATURE_SET);
      },
      describe([featureSet], ctx) {
        return featureSetOf(featureSet, ctx).toJSON();
      },
      async transform([featureSet, data], ctx) {
        const fitted = featureSetOf(featureSet, ctx);
        const input = datasetArg(ctx, data, "features.transform's data");
        const spec = {
          primitive: "features.transform",
          parameters: { featureSet: fitted.version, dataset: datasetParameter(input) },
          inputs: [input],
          otherInputs: [featureSetRef(fitted)],
        };
        return runCall(deps.engine, ctx, spec, async (engine, lineage) => {
          const output = derived(ctx, await transformDataset(engine, fitted, input.dataset), "features.transform");
          lineage.output(lineageRef(output));
          return datasetHandle(ctx, output);
        });
      },
      transformOne([featureSet, record], ctx) {
        return transformRecord(featureSetOf(featureSet, ctx), plainObject(record, "features.transformOne's record"));
      },
      async pointInTimeJoin([entities, views, options], ctx) {
        if (!Array.isArray(views)) throw new FeatureError("invalid_argument", "features.pointInTimeJoin takes an array of { view, data }");
        const labels = datasetArg(ctx, entities, "features.pointInTimeJoin's entities");
        const resolved = views.map((v, i) => {
          const entry = plainObject(v, `views[${i}]`);
          return { view: plainObject(entry.view, `views[${i}].view`), data: datasetArg(ctx, entry.data, `views[${i}].data`) };
        });
        const spec = {
          primitive: "features.pointInTimeJoin",
          parameters: { entities: datasetParameter(labels), views: resolved.map((r) => ({ view: r.view, data: datasetParameter(r.data) })), options: options ?? {} },
          inputs: [labels, ...resolved.map((r) => r.data)],
        };
        return runCall(deps.engine, ctx, spec, async (engine, lineage) => {
          const joined = await pointInTimeJoin(engine, labels.dataset, resolved.map((r) => ({ view: r.view, data: r.data.dataset })), (options ?? {}) as PointInTimeOptions);
          const output = derived(ctx, joined, "features.pointInTimeJoin");
          lineage.output(lineageRef(output));
          return datasetHandle(ctx, output);
        });
      },
      async materialize([view, data, options], ctx) {
        const input = datasetArg(ctx, data, "features.materialize's data");
        const spec = { primitive: "features.materialize", parameters: { view, dataset: datasetParameter(input), options: options ?? {} }, inputs: [input] };
        return runCall(deps.engine, ctx, spec, async (engine, lineage) => {
          const report = await materializeView(engine, deps.online, view, input.dataset, (options ?? {}) as MaterializeOptions);
          lineage.output(onlineViewRef(report.view, report.contentHash));
          lineage.facet("report", report);
          return report;
        });
      },
      async getOnline([view, entityRows, options]) {
        if (typeof view !== "string" || !Array.isArray(entityRows)) throw new FeatureError("invalid_argument", "features.getOnline takes a view name and an array of entity keys");
        return getOnlineFeatures(deps.online, view, entityRows as Record<string, KeyValue>[], (options ?? {}) as { features?: string[] });
      },
      async writeOffline([view, data], ctx) {
        const input = datasetArg(ctx, data, "features.writeOffline's data");
        const spec = { primitive: "features.writeOffline", parameters: { view, dataset: datasetParameter(input) }, inputs: [input] };
        return runCall(deps.engine, ctx, spec, async (engine, lineage) => {
          const stored = await writeOfflineView(engine, deps.artifacts, deps.offline, view, input.dataset);
          lineage.output(lineageRef(offlineDataset(input.dataset, stored.view.name), { offlineVersion: stored.version }));
          return stored;
        });
      },
      async readOffline([view, options], ctx) {
        if (typeof view !== "string") throw new FeatureError("invalid_argument", "features.readOffline takes a view name");
        const spec = { primitive: "features.readOffline", parameters: { view, options: options ?? {} }, inputs: [] };
        return runCall(deps.engine, ctx, spec, async (engine, lineage) => {
          const { dataset, ...entry } = await readOfflineView(engine, deps.artifacts, deps.offline, view, (options ?? {}) as { version?: number });
          const stored = offlineDataset(dataset, view);
          lineage.input(lineageRef(stored, { offlineVersion: entry.version }));
          return { ...entry, dataset: datasetHandle(ctx, stored) };
        });
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
