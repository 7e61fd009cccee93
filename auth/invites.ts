import type { InviteView } from "../protocol/api";
import { AppError } from "../protocol/errors";
import type { WorkspaceRole } from "../protocol/roles";
import {
  findInviteByHash,
  findInviteForUpdate,
  insertInvite,
  listOpenInvites,
  markInviteUsed,
  revokeInvite,
  type InviteRow,
} from "../db/queries/invites";
import { findUserById, type UserRow } from "../db/queries/users";
import { addUser } from "./accounts";
import { hashPassword } from "./password";
import type { AuthDeps } from "./deps";
import { requireWorkspace } from "./policy";
import type { Principal } from "./principal";
import { hashSecret, newSecret } from "./secrets";
import { toInviteView } from "./views";

function checkUsable(invite: InviteRow | null, now: Date): InviteRow {
  if (!invite || invite.revokedAt) throw new AppError("not_found", "this invite link is not valid");
  if (invite.usedAt) throw new AppError("invite_used", "this invite link has already been used");
  if (invite.expiresAt <= now) throw new AppError("invite_used", "this invite link has expired");
  return invite;
}

export function createInvites(deps: AuthDeps) {
  return {
    /** Creates a one-time invite; the token is returned once, only its hash is kept. */
    async create(
      principal: Principal,
      input: { role: WorkspaceRole; expiresInHours: number },
    ): Promise<{ invite: InviteView; token: string }> {
      requireWorkspace(principal, "users.manage");
      const token = newSecret("tbi_");
      const row = await insertInvite(deps.db, {
        tokenHash: hashSecret(token),
        role: input.role,
        createdBy: principal.user.id,
        expiresAt: new Date(deps.now().getTime() + input.expiresInHours * 3600_000),
      });
      const creator = await findUserById(deps.db, principal.user.id);
      if (!creator) throw new AppError("unauthenticated", "your account no longer exists");
      return { invite: toInviteView(row, creator), token };
    },

    async list(principal: Principal): Promise<InviteView[]> {
      requireWorkspace(principal, "users.manage");
      return (await listOpenInvites(deps.db, deps.now())).map((r) => toInviteView(r.invite, r.creator));
    },

    async revoke(principal: Principal, inviteId: string): Promise<void> {
      requireWorkspace(principal, "users.manage");
      if (!(await revokeInvite(deps.db, inviteId, deps.now()))) throw new AppError("not_found", "invite not found");
    },

    /** What an invite link offers, for the acceptance page. */
    async lookup(token: string): Promise<{ role: WorkspaceRole; expiresAt: string }> {
      const invite = checkUsable(await findInviteByHash(deps.db, hashSecret(token)), deps.now());
      return { role: invite.role, expiresAt: invite.expiresAt.toISOString() };
    },

    /** Creates the invited user and spends the invite, atomically. */
    async accept(token: string, input: { username: string; name: string; password: string }): Promise<UserRow> {
      const passwordHash = await hashPassword(input.password);
      return deps.db.transaction(async (tx) => {
        const invite = checkUsable(await findInviteForUpdate(tx, hashSecret(token)), deps.now());
        const user = await addUser(tx, { ...input, passwordHash }, invite.role);
        await markInviteUsed(tx, invite.id, user.id, deps.now());
        return user;
      });
    },
  };
}

export type Invites = ReturnType<typeof createInvites>;
