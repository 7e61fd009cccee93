import { publicRoute } from "../../_lib/handler";

/** Whether the workspace still needs its first admin. */
export const GET = publicRoute(async ({ services }) => ({
  body: { needsSetup: await services.auth.accounts.needsSetup() },
}));
