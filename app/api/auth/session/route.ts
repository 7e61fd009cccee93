import type { SessionView } from "@/protocol/api";
import { userRoute } from "../../_lib/handler";

/** The caller and, for cookie sessions, the CSRF token to send with mutations. */
export const GET = userRoute(async ({ services, principal }) => {
  const body: SessionView = {
    user: await services.auth.accounts.me(principal),
    csrfToken: principal.session?.csrfToken ?? "",
    expiresAt: principal.session?.expiresAt.toISOString() ?? "",
  };
  return { body };
});
