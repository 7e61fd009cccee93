import { pgEnum } from "drizzle-orm/pg-core";
import { NOTEBOOK_ROLES, WORKSPACE_ROLES } from "../../protocol/roles";

export const workspaceRole = pgEnum("workspace_role", WORKSPACE_ROLES);
export const notebookRole = pgEnum("notebook_role", NOTEBOOK_ROLES);
