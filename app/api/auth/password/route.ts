import { passwordChangeBody } from "@/protocol/api";
import { readBody } from "../../_lib/body";
import { userRoute } from "../../_lib/handler";

/** Changes the caller's password; their other sessions end. */
export const POST = userRoute(async ({ request, services, principal }) => {
  await services.auth.accounts.changePassword(principal, await readBody(request, passwordChangeBody));
  return { status: 204 };
});
