import { canDoNotebook } from "@/protocol/permissions";
import type { NotebookRole } from "@/protocol/roles";

/** The notebook actions the UI offers, mapped to the policy's actions; the API still decides. */
const OFFERED = {
  rename: "notebook.rename",
  share: "notebook.share",
  trash: "notebook.trash",
  delete: "notebook.delete",
} as const;

export type NotebookUiAction = keyof typeof OFFERED;

export function offers(role: NotebookRole, action: NotebookUiAction): boolean {
  return canDoNotebook(role, OFFERED[action]);
}
