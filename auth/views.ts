import type { ApiTokenView, InviteView, UserSummary, UserView } from "../protocol/api";
import type { ApiTokenId, InviteId, UserId } from "../protocol/ids";
import type { InviteRow } from "../db/queries/invites";
import type { ApiTokenRow } from "../db/queries/tokens";
import type { UserRow } from "../db/queries/users";
import type { Principal } from "./principal";

export function toUserSummary(row: Pick<UserRow, "id" | "username" | "name">): UserSummary {
  return { id: row.id as UserId, username: row.username, name: row.name };
}

export function toUserView(row: UserRow): UserView {
  return { ...toUserSummary(row), role: row.role, disabled: row.disabled, createdAt: row.createdAt.toISOString() };
}

export function toPrincipalUser(row: UserRow): Principal["user"] {
  return { id: row.id as UserId, username: row.username, name: row.name, role: row.role };
}

export function toTokenView(row: ApiTokenRow): ApiTokenView {
  return {
    id: row.id as ApiTokenId,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
  };
}

export function toInviteView(row: InviteRow, creator: UserRow): InviteView {
  return {
    id: row.id as InviteId,
    role: row.role,
    createdBy: toUserSummary(creator),
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    usedAt: row.usedAt?.toISOString() ?? null,
  };
}
