import type { LineageDatasetRef } from "../../../kernel/process/lineage";
import type { Dataset } from "../../data/dataset";
import type { NamedDataset } from "../../data/kernel/datasets";
import type { FeatureSet } from "../feature-set";

/**
 * How `features.*` calls name what they read and write in lineage. Datasets
 * keep the names the data module gave them (a loaded file, a cell's output),
 * so a fit on `data.load`'s result joins the load's version. Feature sets and
 * the views in the feature stores live outside any one notebook, so their
 * names are global: a set fitted in one notebook and applied in another is
 * one node in both graphs.
 */
export const FEATURE_SETS_NAMESPACE = "tracebook://feature-sets";
export const ONLINE_VIEWS_NAMESPACE = "tracebook://features/online";
export const OFFLINE_VIEWS_NAMESPACE = "tracebook://features/offline";

/**
 * A fitted feature set as a lineage version: named after the set, its version
 * the set's sha256 (also its artifact id), with the output columns as schema.
 * @example
 * lineage.output(featureSetRef(featureSet));
 */
export function featureSetRef(featureSet: FeatureSet): LineageDatasetRef {
  const { outputs, passthrough, fittedOn } = featureSet.document;
  return {
    kind: "feature_set",
    namespace: FEATURE_SETS_NAMESPACE,
    name: featureSet.name,
    version: featureSet.version,
    facets: {
      schema: { fields: [...passthrough, ...outputs].map((c) => ({ name: c.name, type: c.type })) },
      featureSet: { version: featureSet.version, fittedOn },
    },
  };
}

/**
 * A view's latest rows per entity in the online store, as a lineage dataset
 * version (its version the content hash of the rows materialized).
 * @example
 * lineage.output(onlineViewRef(report.view, report.contentHash));
 */
export function onlineViewRef(view: string, contentHash: string): LineageDatasetRef {
  return { namespace: ONLINE_VIEWS_NAMESPACE, name: view, version: contentHash };
}

/**
 * A dataset in the offline store, named after its view: the version written
 * and the same version read back (the store checks it is the same content)
 * are one node, so a cell that reads it joins the notebook that wrote it.
 * @example
 * const named = offlineDataset(dataset, "user_stats");
 */
export function offlineDataset(dataset: Dataset, view: string): NamedDataset {
  return { dataset, namespace: OFFLINE_VIEWS_NAMESPACE, name: view };
}

