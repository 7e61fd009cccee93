import { updateUserBody } from "@/protocol/api";
import { readBody } from "../../_lib/body";
import { idParam, userRoute } from "../../_lib/handler";

export const PATCH = userRoute<{ userId: string }>(async ({ request, services, principal, params }) => {
  const userId = idParam(params.userId, "user");
  const patch = await readBody(request, updateUserBody);
  return { body: { user: await services.auth.accounts.update(principal, userId, patch) } };
});
