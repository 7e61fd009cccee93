import type { ApiTokenView } from "../protocol/api";
import { AppError } from "../protocol/errors";
import { findApiToken, insertApiToken, listApiTokens, revokeApiToken, touchApiToken } from "../db/queries/tokens";
import type { AuthDeps } from "./deps";
import type { Principal } from "./principal";
import { hashSecret, newSecret } from "./secrets";
import { toPrincipalUser, toTokenView } from "./views";

const TOKEN_PREFIX = "tbk_";

export function createApiTokens(deps: AuthDeps) {
  return {
    /** Creates a personal API token; the secret is returned once and never stored. */
    async create(
      principal: Principal,
      input: { name: string; expiresInDays: number | null },
    ): Promise<{ token: ApiTokenView; secret: string }> {
      const secret = newSecret(TOKEN_PREFIX);
      const expiresAt =
        input.expiresInDays === null ? null : new Date(deps.now().getTime() + input.expiresInDays * 86_400_000);
      const row = await insertApiToken(deps.db, {
        userId: principal.user.id,
        name: input.name,
        prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
        tokenHash: hashSecret(secret),
        expiresAt,
      });
      return { token: toTokenView(row), secret };
    },

    async list(principal: Principal): Promise<ApiTokenView[]> {
      return (await listApiTokens(deps.db, principal.user.id)).map(toTokenView);
    },

    async revoke(principal: Principal, tokenId: string): Promise<void> {
      if (!(await revokeApiToken(deps.db, principal.user.id, tokenId, deps.now()))) {
        throw new AppError("not_found", "API token not found");
      }
    },

    /** The principal behind a bearer secret, or null when it is unknown, revoked, expired or its user disabled. */
    async resolve(secret: string): Promise<Principal | null> {
      if (!secret.startsWith(TOKEN_PREFIX)) return null;
      const found = await findApiToken(deps.db, hashSecret(secret));
      const now = deps.now();
      if (!found || found.user.disabled) return null;
      if (found.token.expiresAt && found.token.expiresAt <= now) return null;
      await touchApiToken(deps.db, found.token.id, now);
      return { user: toPrincipalUser(found.user), via: "token" };
    },
  };
}

export type ApiTokens = ReturnType<typeof createApiTokens>;
