/**
 * Identity and authorization: accounts, sessions, API tokens, invites, and
 * the policy that decides every request. Public entry of `auth/`.
 */
import type { Database } from "../db/client";
import { createAccounts } from "./accounts";
import { createAuthenticator } from "./authenticate";
import { createInvites } from "./invites";
import { createFailureLimiter } from "./rate-limit";
import { createSessions } from "./sessions";
import { createApiTokens } from "./tokens";

export type { Principal } from "./principal";
export { requireNotebook, requireWorkspace, canDoNotebook, canDoWorkspace, effectiveNotebookRole } from "./policy";
export type { NotebookAction, WorkspaceAction } from "./policy";
export { toUserSummary, toUserView } from "./views";

export interface AuthOptions {
  db: Database;
  now?: () => Date;
  sessionTtlMs: number;
  loginMaxFailures: number;
  loginWindowMs: number;
  publicUrl?: string;
}

export function createAuth(options: AuthOptions) {
  const now = options.now ?? (() => new Date());
  const deps = {
    db: options.db,
    now,
    sessionTtlMs: options.sessionTtlMs,
    loginLimiter: createFailureLimiter({
      max: options.loginMaxFailures,
      windowMs: options.loginWindowMs,
      now: () => now().getTime(),
    }),
    addressLimiter: createFailureLimiter({
      max: options.loginMaxFailures * 10,
      windowMs: options.loginWindowMs,
      now: () => now().getTime(),
    }),
  };
  const sessions = createSessions(deps);
  const tokens = createApiTokens(deps);
  return {
    sessions,
    tokens,
    accounts: createAccounts(deps),
    invites: createInvites(deps),
    ...createAuthenticator(sessions, tokens, options.publicUrl),
  };
}

export type Auth = ReturnType<typeof createAuth>;
