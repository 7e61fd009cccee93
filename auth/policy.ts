import { AppError } from "../protocol/errors";
import type { NotebookRole } from "../protocol/roles";
import { canDoNotebook, type NotebookAction } from "../protocol/permissions";
import type { Principal } from "./principal";

export { canDoNotebook, type NotebookAction };

/**
 * The one place that decides what a principal may do. Every API route and
 * the collaboration upgrade go through these functions.
 */

export type WorkspaceAction =
  /** create, update and invite users */
  | "users.manage"
  /** see the user directory (to share notebooks) */
  | "users.list"
  | "notebooks.create"
  /** list every notebook, not only one's own */
  | "notebooks.list-all";

const WORKSPACE_RULES: Record<WorkspaceAction, (p: Principal) => boolean> = {
  "users.manage": (p) => p.user.role === "admin",
  "users.list": () => true,
  "notebooks.create": () => true,
  "notebooks.list-all": (p) => p.user.role === "admin",
};

export function canDoWorkspace(principal: Principal, action: WorkspaceAction): boolean {
  return WORKSPACE_RULES[action](principal);
}

export function requireWorkspace(principal: Principal, action: WorkspaceAction): void {
  if (!canDoWorkspace(principal, action)) {
    throw new AppError("forbidden", `your workspace role (${principal.user.role}) does not allow ${action}`);
  }
}

/** Workspace admins act as owners of every notebook. */
export function effectiveNotebookRole(principal: Principal, membership: NotebookRole | null): NotebookRole | null {
  return principal.user.role === "admin" ? "owner" : membership;
}

/**
 * Returns the effective role when allowed. A notebook the principal has no
 * role on is reported as missing (404), so its existence does not leak.
 */
export function requireNotebook(
  principal: Principal,
  membership: NotebookRole | null,
  action: NotebookAction,
): NotebookRole {
  const role = effectiveNotebookRole(principal, membership);
  if (role === null) throw new AppError("not_found", "notebook not found");
  if (!canDoNotebook(role, action)) {
    throw new AppError("forbidden", `the ${role} role does not allow ${action}`);
  }
  return role;
}
