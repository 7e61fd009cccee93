import { loginBody } from "@/protocol/api";
import { readBody } from "../../_lib/body";
import { clientAddress, publicRoute } from "../../_lib/handler";
import { signIn } from "../_session";

export const POST = publicRoute(async ({ request, services }) => {
  const input = await readBody(request, loginBody);
  const user = await services.auth.accounts.login(input, clientAddress(request));
  return signIn(services, user, 200);
});
