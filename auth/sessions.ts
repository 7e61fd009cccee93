import { deleteSession, deleteUserSessions, findLiveSession, insertSession, touchSession } from "../db/queries/sessions";
import type { AuthDeps } from "./deps";
import type { Principal } from "./principal";
import { hashSecret, newSecret } from "./secrets";
import { toPrincipalUser } from "./views";

/** Writing last-seen on every request would turn each read into a write. */
const TOUCH_INTERVAL_MS = 60_000;

export interface StartedSession {
  /** The cookie value; only its hash is stored. */
  secret: string;
  csrfToken: string;
  expiresAt: Date;
}

export function createSessions(deps: AuthDeps) {
  return {
    async start(userId: string): Promise<StartedSession> {
      const secret = newSecret("tbs_");
      const csrfToken = newSecret("", 24);
      const expiresAt = new Date(deps.now().getTime() + deps.sessionTtlMs);
      await insertSession(deps.db, { tokenHash: hashSecret(secret), userId, csrfToken, expiresAt });
      return { secret, csrfToken, expiresAt };
    },

    /** The principal behind a session cookie, or null when it is unknown, expired or its user disabled. */
    async resolve(secret: string): Promise<Principal | null> {
      const now = deps.now();
      const found = await findLiveSession(deps.db, hashSecret(secret), now);
      if (!found || found.user.disabled) return null;
      if (now.getTime() - found.session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
        await touchSession(deps.db, found.session.id, now);
      }
      return {
        user: toPrincipalUser(found.user),
        via: "session",
        session: { id: found.session.id, csrfToken: found.session.csrfToken, expiresAt: found.session.expiresAt },
      };
    },

    end(sessionId: string): Promise<void> {
      return deleteSession(deps.db, sessionId);
    },

    endAllFor(userId: string, keepSessionId?: string): Promise<void> {
      return deleteUserSessions(deps.db, userId, keepSessionId);
    },
  };
}

export type Sessions = ReturnType<typeof createSessions>;
