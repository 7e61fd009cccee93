import type { SessionView } from "@/protocol/api";
import type { UserRow } from "@/db/queries/users";
import { toUserView } from "@/auth/views";
import type { Services } from "@/runtime/services";
import { sessionCookies } from "../_lib/cookies";

/** Starts a session for a user and answers with its view and cookies. */
export async function signIn(services: Services, user: UserRow, status: number) {
  const started = await services.auth.sessions.start(user.id);
  const body: SessionView = {
    user: toUserView(user),
    csrfToken: started.csrfToken,
    expiresAt: started.expiresAt.toISOString(),
  };
  return { status, body, headers: { "set-cookie": sessionCookies(started, services.config.secureCookies) } };
}
