import { acceptInviteBody } from "@/protocol/api";
import { readBody } from "../../_lib/body";
import { publicRoute } from "../../_lib/handler";
import { signIn } from "../../auth/_session";

/** What an invite link offers: 404 unknown, 410 used or expired. */
export const GET = publicRoute<{ token: string }>(async ({ services, params }) => ({
  body: await services.auth.invites.lookup(params.token),
}));

/** Accepts the invite: creates the account, spends the link, signs in. */
export const POST = publicRoute<{ token: string }>(async ({ request, services, params }) => {
  const input = await readBody(request, acceptInviteBody);
  const user = await services.auth.invites.accept(params.token, input);
  return signIn(services, user, 201);
});
