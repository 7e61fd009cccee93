import { CSRF_HEADER, SESSION_COOKIE } from "../protocol/api";
import { AppError } from "../protocol/errors";
import { readCookie } from "./cookies";
import type { Principal } from "./principal";
import { safeEqual } from "./secrets";
import type { Sessions } from "./sessions";
import type { ApiTokens } from "./tokens";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function createAuthenticator(sessions: Sessions, tokens: ApiTokens, publicUrl: string | undefined) {
  const publicHost = publicUrl ? new URL(publicUrl).host : undefined;

  /** Refuses a request whose Origin header names another site. */
  function checkOrigin(headers: Headers): void {
    const origin = headers.get("origin");
    if (origin === null) return;
    let host: string | null = null;
    try {
      host = origin === "null" ? null : new URL(origin).host;
    } catch {
      throw new AppError("csrf_failed", "the Origin header is malformed");
    }
    if (host === null || (host !== headers.get("host") && host !== publicHost)) {
      throw new AppError("csrf_failed", "cross-site requests are refused");
    }
  }

  return {
    checkOrigin,

    /**
     * Finds the principal of a request: an API token in `Authorization: Bearer`,
     * else the session cookie. A bad token is an error (the caller meant to
     * authenticate); a missing or stale cookie is just anonymous.
     */
    async authenticate(headers: Headers): Promise<Principal | null> {
      const authorization = headers.get("authorization");
      if (authorization) {
        const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
        if (!match) throw new AppError("unauthenticated", "the Authorization header must be 'Bearer <token>'");
        const principal = await tokens.resolve(match[1]!);
        if (!principal) throw new AppError("unauthenticated", "the API token is invalid, expired or revoked");
        return principal;
      }
      const secret = readCookie(headers.get("cookie"), SESSION_COOKIE);
      return secret ? sessions.resolve(secret) : null;
    },

    /**
     * Cookie-authenticated mutations must echo the session's CSRF token in a
     * header, and any request carrying an Origin must come from this site.
     * Token-authenticated requests carry no ambient credential, so they pass.
     */
    checkCsrf(method: string, headers: Headers, principal: Principal | null): void {
      if (SAFE_METHODS.has(method.toUpperCase())) return;
      if (principal?.via === "token") return;
      checkOrigin(headers);
      if (principal?.session) {
        const sent = headers.get(CSRF_HEADER);
        if (!sent || !safeEqual(sent, principal.session.csrfToken)) {
          throw new AppError("csrf_failed", `missing or wrong ${CSRF_HEADER} header`);
        }
      }
    },
  };
}

export type Authenticator = ReturnType<typeof createAuthenticator>;
