import { clearedCookies } from "../../_lib/cookies";
import { userRoute } from "../../_lib/handler";

export const POST = userRoute(async ({ services, principal }) => {
  if (principal.session) await services.auth.sessions.end(principal.session.id);
  return { status: 204, headers: { "set-cookie": clearedCookies(services.config.secureCookies) } };
});
