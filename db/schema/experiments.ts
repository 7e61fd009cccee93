import {
  bigint,
  doublePrecision,
  index,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { RUN_STATUSES } from "../../protocol/experiments";

/**
 * Experiment tracking, shaped after MLflow's tracking store: experiments have
 * runs; a run has write-once params, metrics with their whole history (and a
 * latest value per key for search), mutable tags, input dataset versions and
 * artifacts. Runs, inputs and artifacts are also written into the lineage
 * graph (`lineage_nodes`/`lineage_edges`) in the same transaction.
 *
 * Experiments are workspace-wide names (like lineage datasets); a run carries
 * the notebook that made it, and only that notebook's readers see it. As in
 * the lineage store, notebook, user and cell ids are not foreign keys: a run's
 * record outlives the notebook it came from (it is then visible to no one).
 */
export const experimentRunStatus = pgEnum("experiment_run_status", RUN_STATUSES);

export const experiments = pgTable("experiments", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull().unique("experiments_name"),
  createdBy: uuid("created_by"),
  createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

export const experimentRuns = pgTable(
  "experiment_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    experimentId: uuid("experiment_id")
      .notNull()
      .references(() => experiments.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    status: experimentRunStatus("status").notNull().default("RUNNING"),
    /** MLflow's nested runs; the parent may belong to another experiment. */
    parentRunId: uuid("parent_run_id"),
    /** The notebook whose readers may see the run; null for runs made outside a notebook. */
    notebookId: uuid("notebook_id"),
    cellId: text("cell_id"),
    /** The lineage run of the cell execution that started this run, when known. */
    lineageRunId: uuid("lineage_run_id"),
    actorId: uuid("actor_id"),
    startTime: timestamp("start_time", { withTimezone: true, precision: 3 }).notNull(),
    endTime: timestamp("end_time", { withTimezone: true, precision: 3 }),
  },
  (t) => [
    index("experiment_runs_experiment").on(t.experimentId, t.startTime),
    index("experiment_runs_parent").on(t.parentRunId),
    index("experiment_runs_notebook").on(t.notebookId, t.status),
  ],
);

/** Write-once: a key keeps its first value (a different value is refused, the same value is a no-op). */
export const experimentParams = pgTable(
  "experiment_params",
  {
    runId: uuid("run_id")
      .notNull()
      .references(() => experimentRuns.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    value: text("value").notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.key] })],
);

/**
 * Every logged point. As in MLflow, a point is identified by all of its
 * fields: logging the identical point twice stores it once. Values are
 * float8, which keeps NaN and ±Infinity as they were logged.
 */
export const experimentMetrics = pgTable(
  "experiment_metrics",
  {
    runId: uuid("run_id")
      .notNull()
      .references(() => experimentRuns.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    step: bigint("step", { mode: "number" }).notNull(),
    /** Milliseconds since the epoch, as the producer logged it. */
    timestamp: bigint("timestamp", { mode: "number" }).notNull(),
    value: doublePrecision("value").notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.key, t.step, t.timestamp, t.value] })],
);

/** One row per (run, key): the point with the greatest (step, timestamp, value); what search filters and sorts on. */
export const experimentLatestMetrics = pgTable(
  "experiment_latest_metrics",
  {
    runId: uuid("run_id")
      .notNull()
      .references(() => experimentRuns.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    step: bigint("step", { mode: "number" }).notNull(),
    timestamp: bigint("timestamp", { mode: "number" }).notNull(),
    value: doublePrecision("value").notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.key] }), index("experiment_latest_metrics_key").on(t.key, t.value)],
);

/** Tags may be overwritten (MLflow's set_tag). */
export const experimentTags = pgTable(
  "experiment_tags",
  {
    runId: uuid("run_id")
      .notNull()
      .references(() => experimentRuns.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    value: text("value").notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.key] })],
);

/** Dataset versions a run read, with the context of the read (training, validation, test). */
export const experimentInputs = pgTable(
  "experiment_inputs",
  {
    runId: uuid("run_id")
      .notNull()
      .references(() => experimentRuns.id, { onDelete: "cascade" }),
    /** The lineage dataset (`lineage_datasets.id`), resolved from namespace + name when logged. */
    datasetId: uuid("dataset_id").notNull(),
    namespace: text("namespace").notNull(),
    name: text("name").notNull(),
    /** The version's content digest (the lineage store's version). */
    digest: text("digest").notNull(),
    context: text("context").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.datasetId, t.digest, t.context] })],
);

/** A run's files by path; the bytes are a content-addressed blob in the artifact store. */
export const experimentArtifacts = pgTable(
  "experiment_artifacts",
  {
    runId: uuid("run_id")
      .notNull()
      .references(() => experimentRuns.id, { onDelete: "cascade" }),
    path: text("path").notNull(),
    kind: text("kind").notNull(),
    /** sha256 of the content: the artifact store's id. */
    sha256: text("sha256").notNull(),
    size: bigint("size", { mode: "number" }).notNull(),
    mediaType: text("media_type").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.path] }), index("experiment_artifacts_sha256").on(t.sha256)],
);
