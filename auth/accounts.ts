import type { UserSummary, UserView } from "../protocol/api";
import { AppError } from "../protocol/errors";
import type { WorkspaceRole } from "../protocol/roles";
import {
  countActiveAdmins,
  countUsers,
  findUserById,
  findUserByUsername,
  insertUser,
  listUsers,
  lockUsers,
  updateUser,
  type UserRow,
} from "../db/queries/users";
import type { Executor } from "../db/queries/executor";
import { deleteUserSessions } from "../db/queries/sessions";
import type { AuthDeps } from "./deps";
import { hashPassword, verifyPassword } from "./password";
import { canDoWorkspace, requireWorkspace } from "./policy";
import type { Principal } from "./principal";
import { toUserSummary, toUserView } from "./views";

interface NewUser {
  username: string;
  name: string;
  password: string;
}

/**
 * Inserts a user or reports the taken username as a conflict. The password
 * is hashed by the caller, before any transaction: argon2 is the slow part.
 */
export async function addUser(
  db: Executor,
  input: { username: string; name: string; passwordHash: string },
  role: WorkspaceRole,
): Promise<UserRow> {
  const row = await insertUser(db, { username: input.username, name: input.name, passwordHash: input.passwordHash, role });
  if (!row) throw new AppError("conflict", `the username "${input.username}" is taken`);
  return row;
}

export function createAccounts(deps: AuthDeps) {
  return {
    async needsSetup(): Promise<boolean> {
      return (await countUsers(deps.db)) === 0;
    },

    /** The first sign-up on an empty instance creates the workspace admin; later ones are refused. */
    async signupFirstAdmin(input: NewUser): Promise<UserRow> {
      // Hash before taking the lock: argon2 is the slow part.
      const passwordHash = await hashPassword(input.password);
      return deps.db.transaction(async (tx) => {
        await lockUsers(tx);
        if ((await countUsers(tx)) > 0) {
          throw new AppError("signup_closed", "this workspace is set up; ask an admin for an invite");
        }
        return addUser(tx, { ...input, passwordHash }, "admin");
      });
    },

    /**
     * Checks a username and password, counting failures per username and per
     * client address so that guessing is slowed on both axes. The address
     * allows ten times more: behind a proxy many people share one.
     */
    async login(input: { username: string; password: string }, clientAddress: string): Promise<UserRow> {
      const userKey = `user:${input.username}`;
      const addressKey = `addr:${clientAddress}`;
      deps.loginLimiter.check(userKey);
      deps.addressLimiter.check(addressKey);
      const user = await findUserByUsername(deps.db, input.username);
      const ok = await verifyPassword(user?.passwordHash ?? null, input.password);
      if (!user || !ok || user.disabled) {
        deps.loginLimiter.fail(userKey);
        deps.addressLimiter.fail(addressKey);
        throw new AppError("invalid_credentials", "wrong username or password");
      }
      deps.loginLimiter.reset(userKey);
      return user;
    },

    /** Changes the caller's password and ends their other sessions. */
    async changePassword(principal: Principal, input: { currentPassword: string; newPassword: string }): Promise<void> {
      const user = await findUserById(deps.db, principal.user.id);
      if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
        throw new AppError("invalid_credentials", "the current password is wrong");
      }
      if (input.currentPassword === input.newPassword) {
        throw new AppError("weak_password", "the new password must differ from the current one");
      }
      const passwordHash = await hashPassword(input.newPassword);
      await deps.db.transaction(async (tx) => {
        await updateUser(tx, user.id, { passwordHash });
        await deleteUserSessions(tx, user.id, principal.session?.id);
      });
    },

    async me(principal: Principal): Promise<UserView> {
      const user = await findUserById(deps.db, principal.user.id);
      if (!user) throw new AppError("unauthenticated", "your account no longer exists");
      return toUserView(user);
    },

    /** Admins see full records; members see the directory they need to share notebooks. */
    async list(principal: Principal): Promise<UserView[] | UserSummary[]> {
      requireWorkspace(principal, "users.list");
      const rows = await listUsers(deps.db);
      if (canDoWorkspace(principal, "users.manage")) return rows.map(toUserView);
      return rows.filter((r) => !r.disabled).map(toUserSummary);
    },

    async create(principal: Principal, input: NewUser & { role: WorkspaceRole }): Promise<UserView> {
      requireWorkspace(principal, "users.manage");
      const passwordHash = await hashPassword(input.password);
      return toUserView(await addUser(deps.db, { ...input, passwordHash }, input.role));
    },

    /** Changes a user's role or disables them; the last active admin cannot be removed. */
    async update(
      principal: Principal,
      userId: string,
      patch: { role?: WorkspaceRole; disabled?: boolean },
    ): Promise<UserView> {
      requireWorkspace(principal, "users.manage");
      return deps.db.transaction(async (tx) => {
        await lockUsers(tx);
        const user = await findUserById(tx, userId);
        if (!user) throw new AppError("not_found", "user not found");
        const losesAdmin = user.role === "admin" && (patch.role === "member" || patch.disabled === true);
        if (losesAdmin && (await countActiveAdmins(tx, user.id)) === 0) {
          throw new AppError("conflict", "the workspace needs at least one active admin");
        }
        const updated = await updateUser(tx, user.id, patch);
        if (!updated) throw new AppError("not_found", "user not found");
        // Inside the transaction: PGlite has one connection, so a query on
        // `deps.db` here would wait for this transaction forever.
        if (patch.disabled) await deleteUserSessions(tx, user.id);
        return toUserView(updated);
      });
    },
  };
}

export type Accounts = ReturnType<typeof createAccounts>;
