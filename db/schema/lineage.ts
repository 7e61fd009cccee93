import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  foreignKey,
  index,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";

/**
 * The lineage store, shaped after OpenLineage: jobs have runs, runs have
 * events and read or write immutable dataset versions.
 *
 * Two layers: the typed tables below keep what the OpenLineage export needs,
 * and `lineage_nodes` + `lineage_edges` are a generic graph index over them
 * keyed by (kind, id), so entities added later (feature sets, models,
 * deployments) join the same graph by writing nodes and edges of their own
 * kind without a schema change to the traversal.
 *
 * Ids the kernel hands us are not foreign keys to users or notebooks on
 * purpose: a lineage batch must never fail for a reason a retry cannot fix
 * (a deleted user or notebook), and lineage outlives the notebook it came from.
 */
export const lineageJobKind = pgEnum("lineage_job_kind", ["notebook", "cell", "pipeline"]);
export const lineageRunStatus = pgEnum("lineage_run_status", ["running", "completed", "failed", "aborted"]);
export const lineageEventType = pgEnum("lineage_event_type", ["START", "COMPLETE", "FAIL", "ABORT"]);
export const lineageDirection = pgEnum("lineage_direction", ["input", "output"]);

export const lineageJobs = pgTable(
  "lineage_jobs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    namespace: text("namespace").notNull(),
    name: text("name").notNull(),
    kind: lineageJobKind("kind").notNull(),
    notebookId: uuid("notebook_id"),
    cellId: text("cell_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("lineage_jobs_namespace_name").on(t.namespace, t.name), index("lineage_jobs_notebook").on(t.notebookId)],
);

export const lineageRuns = pgTable(
  "lineage_runs",
  {
    /** The OpenLineage runId, chosen by the producer. */
    id: uuid("id").primaryKey(),
    jobId: uuid("job_id")
      .notNull()
      .references(() => lineageJobs.id, { onDelete: "cascade" }),
    status: lineageRunStatus("status").notNull(),
    parentRunId: uuid("parent_run_id"),
    startedAt: timestamp("started_at", { withTimezone: true }),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    actorId: uuid("actor_id"),
    /** Run facets merged over the run's events: parameters, sourceCode, notebookVersion, errorMessage, … */
    facets: jsonb("facets").notNull().default(sql`'{}'::jsonb`),
  },
  (t) => [index("lineage_runs_job").on(t.jobId), index("lineage_runs_parent").on(t.parentRunId)],
);

export const lineageRunEvents = pgTable(
  "lineage_run_events",
  {
    /** Arrival order: events of one run are exported in this order. */
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    runId: uuid("run_id")
      .notNull()
      .references(() => lineageRuns.id, { onDelete: "cascade" }),
    eventType: lineageEventType("event_type").notNull(),
    eventTime: timestamp("event_time", { withTimezone: true, precision: 3 }).notNull(),
    /** The run facets this event carried. */
    facets: jsonb("facets").notNull().default(sql`'{}'::jsonb`),
  },
  (t) => [index("lineage_run_events_run").on(t.runId, t.seq)],
);

export const lineageDatasets = pgTable(
  "lineage_datasets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** `dataset` today; later issues add e.g. `feature_set`, `model`. */
    kind: text("kind").notNull().default("dataset"),
    namespace: text("namespace").notNull(),
    name: text("name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("lineage_datasets_namespace_name").on(t.namespace, t.name)],
);

/** Immutable: a version is its content hash; the first write wins and later writes never change it. */
export const lineageDatasetVersions = pgTable(
  "lineage_dataset_versions",
  {
    datasetId: uuid("dataset_id")
      .notNull()
      .references(() => lineageDatasets.id, { onDelete: "cascade" }),
    version: text("version").notNull(),
    schema: jsonb("schema"),
    rowCount: bigint("row_count", { mode: "number" }),
    /** Dataset facets other than the schema (dataQuality, …). */
    facets: jsonb("facets").notNull().default(sql`'{}'::jsonb`),
    createdByRunId: uuid("created_by_run_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.datasetId, t.version] })],
);

export const lineageRunDatasets = pgTable(
  "lineage_run_datasets",
  {
    runId: uuid("run_id")
      .notNull()
      .references(() => lineageRuns.id, { onDelete: "cascade" }),
    datasetId: uuid("dataset_id").notNull(),
    version: text("version").notNull(),
    direction: lineageDirection("direction").notNull(),
    /** Input or output facets of this use (e.g. dataQuality measured on read). */
    facets: jsonb("facets").notNull().default(sql`'{}'::jsonb`),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.datasetId, t.version, t.direction] }),
    foreignKey({ columns: [t.datasetId, t.version], foreignColumns: [lineageDatasetVersions.datasetId, lineageDatasetVersions.version] }).onDelete("cascade"),
  ],
);

/** Graph index: one row per entity, whatever its kind. */
export const lineageNodes = pgTable(
  "lineage_nodes",
  {
    kind: text("kind").notNull(),
    id: text("id").notNull(),
    label: text("label").notNull(),
    /** The notebook whose readers may see this node; null for workspace-wide entities (datasets). */
    notebookId: uuid("notebook_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.id] }), index("lineage_nodes_notebook").on(t.notebookId, t.kind)],
);

/**
 * Directed edges. Flow relations (`input`: version -> run, `output`: run -> version)
 * carry data; membership relations (`run_of`: run -> job, `version_of`:
 * version -> dataset, `child_of`: run -> parent run) group nodes. An edge's
 * facets describe that one use: an experiment run's or a training call's input
 * edge says in which context (training, validation, test) it read the version.
 */
export const lineageEdges = pgTable(
  "lineage_edges",
  {
    srcKind: text("src_kind").notNull(),
    srcId: text("src_id").notNull(),
    dstKind: text("dst_kind").notNull(),
    dstId: text("dst_id").notNull(),
    relation: text("relation").notNull(),
    /** What is said of this one use (an input's `contexts`: training, validation, test); `{}` for most edges. */
    facets: jsonb("facets").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.srcKind, t.srcId, t.dstKind, t.dstId, t.relation] }),
    index("lineage_edges_dst").on(t.dstKind, t.dstId, t.relation),
  ],
);
