import type { WorkspaceRole } from "@/protocol/roles";

/** What the browser may know about the signed-in user (handed down by the workbench layout). */
export interface CurrentUser {
  id: string;
  username: string;
  name: string;
  role: WorkspaceRole;
}
