import { createInviteBody } from "@/protocol/api";
import { readBody } from "../_lib/body";
import { requestOrigin, userRoute } from "../_lib/handler";

export const GET = userRoute(async ({ services, principal }) => ({
  body: { invites: await services.auth.invites.list(principal) },
}));

/** Returns the one-time link; only its hash is stored. */
export const POST = userRoute(async ({ request, services, principal }) => {
  const created = await services.auth.invites.create(principal, await readBody(request, createInviteBody));
  // Without a configured public URL, the link uses the address the admin reached us at.
  const base = services.config.publicUrl ?? requestOrigin(request);
  return { status: 201, body: { ...created, url: `${base}/invite/${created.token}` } };
});
