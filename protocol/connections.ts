import { z } from "zod";

/** Workspace connections over the API (`/api/workspace/connections`): the URL is always masked. */
export interface WorkspaceConnection {
  id: string;
  name: string;
  /** The URL with its password shown as `****`. */
  url: string;
  /** How lineage names the database: `postgres://host:port/database`. */
  namespace: string;
  createdAt: string;
}

/** What cells pass as `{ connection: "<name>" }`. */
export const CONNECTION_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,62}$/;

export const createConnectionBody = z.strictObject({
  name: z.string().regex(CONNECTION_NAME, "start with a letter; letters, digits, _ and - only; at most 63"),
  url: z.string().min(1).max(2000),
});
