/**
 * The `features` global of Tracebook cells: declarative feature transforms
 * fitted on training data, point-in-time joins, and the offline and online
 * feature stores. The host side is primitives/features/host-module.ts.
 *
 * A global script (no imports or exports), like tracebook.d.ts.
 */

/** A handle to a dataset held by the kernel (what the data primitives return). */
interface FeaturesDatasetHandle {
  readonly __tbHandle: string;
  readonly kind: "Dataset";
}

/** A handle to a fitted, versioned feature set. */
interface FeatureSetHandle {
  readonly __tbHandle: string;
  readonly kind: "FeatureSet";
}

/** Fills missing values (null, and NaN in floats). mean/median need numbers; the fill keeps the input's type otherwise. */
interface ImputeTransform { type: "impute"; name: string; input: string; strategy: "mean" | "median" | "mostFrequent" | "constant"; value?: string | number | boolean; emit?: boolean }
/** (x - mean) / std with the training mean and population std (std 0 counts as 1). */
interface StandardizeTransform { type: "standardize"; name: string; input: string; emit?: boolean }
/** (x - min) / (max - min) with the training range; `clip` clamps to [0, 1]. */
interface MinMaxTransform { type: "minMax"; name: string; input: string; clip?: boolean; emit?: boolean }
/** ln(x + offset); null where x + offset <= 0. Fitting refuses training data with such values. */
interface LogTransform { type: "log"; name: string; input: string; offset?: number; emit?: boolean }
/** The bucket index: how many edges are <= x. Give `boundaries` or fit `quantiles` buckets. */
interface BucketizeTransform { type: "bucketize"; name: string; input: string; boundaries?: number[]; quantiles?: number; emit?: boolean }
/** Columns `<name>=<value>` per vocabulary value (most frequent first) and `<name>=<unknown>` for nulls and unseen values. */
interface OneHotTransform { type: "oneHot"; name: string; input: string; maxCategories?: number; minCount?: number; emit?: boolean }
/** Integer UTC parts as columns `<name>_<part>`; dayOfWeek counts from Sunday = 0. */
interface DatePartsTransform {
  type: "dateParts"; name: string; input: string;
  parts: ("year" | "quarter" | "month" | "day" | "dayOfWeek" | "dayOfYear" | "hour" | "minute" | "second")[];
  emit?: boolean;
}
/** md5 of the value's text, modulo `buckets` (strings, integers, booleans). */
interface HashTransform { type: "hash"; name: string; input: string; buckets: number; emit?: boolean }
/** A hash of several values together. */
interface CrossTransform { type: "cross"; name: string; inputs: string[]; buckets: number; emit?: boolean }

type FeatureTransform =
  | ImputeTransform | StandardizeTransform | MinMaxTransform | LogTransform | BucketizeTransform
  | OneHotTransform | DatePartsTransform | HashTransform | CrossTransform;

/**
 * A feature definition. Transforms run in order; `input` names a column or
 * an earlier single-output transform. `emit: false` keeps a step out of the
 * result.
 */
interface FeatureDefinition {
  name: string;
  /** Columns copied unchanged in front of the features (ids, labels). */
  passthrough?: string[];
  transforms: FeatureTransform[];
}

/** What `features.describe` shows of a fitted set. */
interface FeatureSetInfo {
  kind: "FeatureSet";
  /** sha256 of the set's canonical JSON; `features.load(version)` brings it back. */
  version: string;
  definition: FeatureDefinition;
  inputs: { name: string; type: string; kind: string }[];
  passthrough: { name: string; type: string }[];
  params: unknown[];
  outputs: { name: string; type: string }[];
  fittedOn: { datasetId: string; contentHash: string; rowCount: number };
}

/** A feature view: features keyed by entity columns, stamped with event (and created) times. */
interface FeatureViewDefinition {
  name: string;
  entities: string[];
  eventTimestamp: string;
  createdTimestamp?: string;
  features: string[];
  /** Seconds a value stays valid; left out, forever. */
  ttlSeconds?: number;
}

interface FeatureMaterializeReport {
  view: string; entities: number; stored: number; writes: number; nullKeyRows: number;
  /** sha256 of the latest rows copied: the online view's version in lineage. */
  contentHash: string;
}

interface OnlineFeatureRow {
  key: Record<string, string | number | boolean>;
  values: Record<string, unknown>;
  eventTs: string;
  createdTs: string | null;
}

interface OfflineViewVersion {
  view: FeatureViewDefinition;
  version: number;
  datasetId: string;
  artifactId: string;
  rowCount: number;
  columns: { name: string; type: string }[];
  createdAt: string;
}

interface TracebookFeatures {
  /**
   * Fits a definition on training data and stores the fitted set (means,
   * ranges, vocabularies, bucket edges) as a versioned artifact.
   *
   * @example
   * const fs = await features.fit({
   *   name: "churn",
   *   passthrough: ["user_id", "churned"],
   *   transforms: [
   *     { type: "impute", name: "age", input: "age", strategy: "median" },
   *     { type: "standardize", name: "age_z", input: "age" },
   *     { type: "oneHot", name: "plan", input: "plan", maxCategories: 10 },
   *   ],
   * }, train);
   */
  fit(definition: FeatureDefinition, training: FeaturesDatasetHandle): Promise<FeatureSetHandle>;
  /**
   * A stored feature set by version.
   *
   * @example
   * const fs = await features.load("3f9a0c…");
   */
  load(version: string): Promise<FeatureSetHandle>;
  /**
   * The fitted set as plain JSON: version, parameters, outputs.
   *
   * @example
   * (await features.describe(fs)).params;
   */
  describe(featureSet: FeatureSetHandle): Promise<FeatureSetInfo>;
  /**
   * Transforms a dataset (training or batch inference): passthrough columns, then features.
   *
   * @example
   * const X = await features.transform(fs, batch);
   */
  transform(featureSet: FeatureSetHandle, data: FeaturesDatasetHandle): Promise<FeaturesDatasetHandle>;
  /**
   * Transforms one record (an online request) with the same parameters and
   * arithmetic as `transform`: identical numbers, bit for bit. Timestamps
   * take ISO text or a Date.
   *
   * @example
   * const x = await features.transformOne(fs, { user_id: 7, age: null, plan: "pro", churned: false });
   */
  transformOne(featureSet: FeatureSetHandle, record: Record<string, unknown>): Promise<Record<string, number | string | boolean | null>>;
  /**
   * Joins feature views onto entity rows as of each row's time (Feast's
   * rules: event_ts <= entity_ts, within the TTL, latest wins, ties by created
   * time; rows without a match keep nulls).
   *
   * @example
   * const training = await features.pointInTimeJoin(labels, [
   *   { view: { name: "user_stats", entities: ["user_id"], eventTimestamp: "ts", features: ["orders_7d"], ttlSeconds: 604800 }, data: userStats },
   * ], { entityTimestamp: "event_timestamp" });
   */
  pointInTimeJoin(
    entities: FeaturesDatasetHandle,
    views: { view: FeatureViewDefinition; data: FeaturesDatasetHandle }[],
    options?: { entityTimestamp?: string; fullFeatureNames?: boolean },
  ): Promise<FeaturesDatasetHandle>;
  /**
   * Copies each entity's latest row of a view into the online store.
   *
   * @example
   * await features.materialize(view, userStats, { end: "2024-06-01T00:00:00Z" });
   */
  materialize(view: FeatureViewDefinition, data: FeaturesDatasetHandle, options?: { start?: string; end?: string; batchSize?: number }): Promise<FeatureMaterializeReport>;
  /**
   * The latest online values per entity (null where none is stored), in the order asked.
   *
   * @example
   * const [u1] = await features.getOnline("user_stats", [{ user_id: "u1" }]);
   * u1?.values.orders_7d;
   */
  getOnline(view: string, entities: Record<string, string | number | boolean>[], options?: { features?: string[] }): Promise<(OnlineFeatureRow | null)[]>;
  /**
   * Stores a view's data as its next version in the offline store.
   *
   * @example
   * const { version } = await features.writeOffline(view, userStats);
   */
  writeOffline(view: FeatureViewDefinition, data: FeaturesDatasetHandle): Promise<OfflineViewVersion>;
  /**
   * A version of a view's data (the latest by default) as a dataset.
   *
   * @example
   * const { dataset } = await features.readOffline("user_stats", { version: 2 });
   */
  readOffline(view: string, options?: { version?: number }): Promise<OfflineViewVersion & { dataset: FeaturesDatasetHandle }>;
  /**
   * Every stored version of a view, oldest first.
   *
   * @example
   * (await features.offlineVersions("user_stats")).map((v) => v.version);
   */
  offlineVersions(view: string): Promise<OfflineViewVersion[]>;
}

/** Feature engineering and the feature store. */
declare const features: TracebookFeatures;
