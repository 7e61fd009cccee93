import { createRunBody, TRACKING_LIMITS } from "@/protocol/experiments";
import { readBody } from "../../_lib/body";
import { userRoute } from "../../_lib/handler";

/** Starts a RUNNING run in a notebook the caller may run (its experiment is created when new). */
export const POST = userRoute(async ({ request, services, principal }) => {
  const input = await readBody(request, createRunBody, TRACKING_LIMITS.bodyBytes);
  return { status: 201, body: { run: await services.tracking.authorizedWriter(principal).createRun(input) } };
});
