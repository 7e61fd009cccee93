import { bigserial, bigint, index, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { bytea } from "./bytes";
import { users } from "./identity";
import { notebooks } from "./notebooks";

/**
 * A notebook document is its latest snapshot plus every update appended
 * after it. Updates are appended before they are applied or broadcast.
 */
export const docUpdates = pgTable(
  "doc_updates",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    notebookId: uuid("notebook_id")
      .notNull()
      .references(() => notebooks.id, { onDelete: "cascade" }),
    update: bytea("update").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("doc_updates_notebook_idx").on(t.notebookId, t.id)],
);

export const docSnapshots = pgTable("doc_snapshots", {
  notebookId: uuid("notebook_id")
    .primaryKey()
    .references(() => notebooks.id, { onDelete: "cascade" }),
  state: bytea("state").notNull(),
  /** Every update with an id up to this one is merged into `state`. */
  throughUpdateId: bigint("through_update_id", { mode: "number" }).notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const versionKind = pgEnum("version_kind", ["manual", "auto"]);

/** Named snapshots of a document; restoring one is a new edit on top. */
export const docVersions = pgTable(
  "doc_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    notebookId: uuid("notebook_id")
      .notNull()
      .references(() => notebooks.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    kind: versionKind("kind").notNull().default("manual"),
    state: bytea("state").notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("doc_versions_notebook_idx").on(t.notebookId, t.createdAt)],
);

export const commentThreads = pgTable(
  "comment_threads",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    notebookId: uuid("notebook_id")
      .notNull()
      .references(() => notebooks.id, { onDelete: "cascade" }),
    cellId: text("cell_id").notNull(),
    /** Encoded Y.RelativePositions, so the range follows edits; null for a whole-cell thread. */
    anchorStart: bytea("anchor_start"),
    anchorEnd: bytea("anchor_end"),
    /** The text the range covered when the thread was opened. */
    quote: text("quote"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    resolvedBy: uuid("resolved_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [index("comment_threads_notebook_idx").on(t.notebookId)],
);

export const comments = pgTable(
  "comments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    threadId: uuid("thread_id")
      .notNull()
      .references(() => commentThreads.id, { onDelete: "cascade" }),
    authorId: uuid("author_id").references(() => users.id, { onDelete: "set null" }),
    body: text("body").notNull(),
    /** User ids @mentioned in the body (members of the notebook when written). */
    mentions: jsonb("mentions").$type<string[]>().notNull().default([]),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("comments_thread_idx").on(t.threadId, t.createdAt)],
);
