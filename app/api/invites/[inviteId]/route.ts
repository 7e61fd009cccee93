import { idParam, userRoute } from "../../_lib/handler";

export const DELETE = userRoute<{ inviteId: string }>(async ({ services, principal, params }) => {
  await services.auth.invites.revoke(principal, idParam(params.inviteId, "invite"));
  return { status: 204 };
});
