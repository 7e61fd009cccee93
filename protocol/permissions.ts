import type { NotebookRole } from "./roles";

/**
 * What each notebook role may do. The server decides with this table
 * (auth/policy.ts); the browser reads the same table to offer only the
 * actions a role allows.
 */
export const NOTEBOOK_RULES = {
  "notebook.read": ["owner", "editor", "runner", "reviewer", "viewer"],
  "notebook.comment": ["owner", "editor", "runner", "reviewer"],
  "notebook.run": ["owner", "editor", "runner"],
  "notebook.edit": ["owner", "editor"],
  "notebook.rename": ["owner", "editor"],
  "notebook.share": ["owner"],
  "notebook.trash": ["owner"],
  "notebook.delete": ["owner"],
} as const satisfies Record<string, readonly NotebookRole[]>;

export type NotebookAction = keyof typeof NOTEBOOK_RULES;

export function canDoNotebook(role: NotebookRole | null, action: NotebookAction): boolean {
  return role !== null && (NOTEBOOK_RULES[action] as readonly NotebookRole[]).includes(role);
}
