/** Workspace-wide roles. */
export const WORKSPACE_ROLES = ["admin", "member"] as const;
export type WorkspaceRole = (typeof WORKSPACE_ROLES)[number];

/**
 * Per-notebook roles, strongest first.
 * - owner: everything, including sharing, trash and permanent delete
 * - editor: edit cells and run them
 * - runner: run cells, cannot edit
 * - reviewer: read, comment and review
 * - viewer: read only
 */
export const NOTEBOOK_ROLES = ["owner", "editor", "runner", "reviewer", "viewer"] as const;
export type NotebookRole = (typeof NOTEBOOK_ROLES)[number];

export function isNotebookRole(value: unknown): value is NotebookRole {
  return typeof value === "string" && (NOTEBOOK_ROLES as readonly string[]).includes(value);
}
