import { idParam, userRoute } from "../../_lib/handler";

export const DELETE = userRoute<{ tokenId: string }>(async ({ services, principal, params }) => {
  await services.auth.tokens.revoke(principal, idParam(params.tokenId, "API token"));
  return { status: 204 };
});
