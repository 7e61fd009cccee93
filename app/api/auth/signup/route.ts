import { signupBody } from "@/protocol/api";
import { readBody, } from "../../_lib/body";
import { publicRoute } from "../../_lib/handler";
import { signIn } from "../_session";

/** The first sign-up creates the workspace admin; afterwards 403 signup_closed. */
export const POST = publicRoute(async ({ request, services }) => {
  const input = await readBody(request, signupBody);
  const user = await services.auth.accounts.signupFirstAdmin(input);
  return signIn(services, user, 201);
});
