import type { MemberView, NotebookView } from "../protocol/api";
import type { NotebookId } from "../protocol/ids";
import type { NotebookRole } from "../protocol/roles";
import type { MemberRow, NotebookListing } from "../db/queries/notebooks";
import type { UserRow } from "../db/queries/users";
import { toUserSummary } from "../auth/index";

export function toNotebookView(listing: NotebookListing, myRole: NotebookRole): NotebookView {
  const n = listing.notebook;
  return {
    id: n.id as NotebookId,
    name: n.name,
    owner: toUserSummary(listing.owner),
    myRole,
    createdAt: n.createdAt.toISOString(),
    updatedAt: n.updatedAt.toISOString(),
    trashedAt: n.trashedAt?.toISOString() ?? null,
  };
}

export function toMemberView(member: MemberRow, user: UserRow): MemberView {
  return { user: toUserSummary(user), role: member.role, grantedAt: member.grantedAt.toISOString() };
}
