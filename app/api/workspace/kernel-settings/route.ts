import { kernelSettingsSchema } from "@/protocol/kernel";
import { readBody } from "../../_lib/body";
import { userRoute } from "../../_lib/handler";

/** The workspace's kernel limits (memory, CPU time per cell, idle shutdown, live kernels). */
export const GET = userRoute(async ({ services }) => ({ body: { settings: services.kernelSettings.current() } }));

/** Admins change them; kernels started afterwards use the new values. */
export const PUT = userRoute(async ({ request, services, principal }) => {
  const patch = await readBody(request, kernelSettingsSchema.partial().strict());
  return { body: { settings: await services.kernelSettings.update(principal, patch) } };
});
