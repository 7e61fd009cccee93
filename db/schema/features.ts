import { sql } from "drizzle-orm";
import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * The feature store's server side. Feature views are named by the notebook
 * code that defines them (no foreign keys: a materialization must never fail
 * over a row elsewhere, and the values outlive the notebook that wrote them).
 */

/**
 * The online store: the latest values of each entity of each feature view.
 * A write keeps the row with the latest event time, then the latest created
 * time (a missing created time is the earliest); an exact tie takes the new
 * write, so re-materializing corrected data replaces it.
 */
export const featureOnlineValues = pgTable(
  "feature_online_values",
  {
    view: text("view").notNull(),
    /** Canonical JSON (RFC 8785) of the key columns as an object, e.g. `{"user_id":"u1"}`. */
    entityKey: text("entity_key").notNull(),
    /** Feature name -> value, as the online codec writes it (non-finite floats and -0 tagged). */
    values: jsonb("values").notNull(),
    eventTs: timestamp("event_ts", { withTimezone: true, precision: 6, mode: "string" }).notNull(),
    createdTs: timestamp("created_ts", { withTimezone: true, precision: 6, mode: "string" }),
    writtenAt: timestamp("written_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.view, t.entityKey] })],
);

/**
 * The offline store's catalog: each write of a feature view's data is a new
 * numbered version whose rows are a Parquet artifact. Versions never change.
 */
export const featureViewVersions = pgTable(
  "feature_view_versions",
  {
    view: text("view").notNull(),
    /** 1, 2, 3, … per view. */
    version: integer("version").notNull(),
    /** The feature view definition this data was written with. */
    definition: jsonb("definition").notNull(),
    /** The Dataset id (content-derived) of the data written. */
    datasetId: text("dataset_id").notNull(),
    /** sha256 of the Parquet file in the artifact store. */
    artifactId: text("artifact_id").notNull(),
    rowCount: bigint("row_count", { mode: "number" }).notNull(),
    /** Column names and DuckDB types. */
    columns: jsonb("columns").notNull().default(sql`'[]'::jsonb`),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.view, t.version] }), index("feature_view_versions_dataset").on(t.datasetId)],
);
