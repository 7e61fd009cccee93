import { pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./identity";

/**
 * Named Postgres databases an admin lets notebooks query (`data.query(sql,
 * { connection })`). The URL holds the credentials, so this table is never
 * granted to the cells' reader role and the API shows the URL masked.
 */
export const workspaceConnections = pgTable("workspace_connections", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull().unique(),
  url: text("url").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
});
