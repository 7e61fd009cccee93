import { logBatchBody, TRACKING_LIMITS } from "@/protocol/experiments";
import { readBody } from "../../../../_lib/body";
import { idParam, userRoute } from "../../../../_lib/handler";

type P = { runId: string };

/** MLflow's log-batch: `{ params, metrics, tags }` written all or nothing (a changed param is 409 `param_conflict`). */
export const POST = userRoute<P>(async ({ request, services, principal, params }) => {
  const runId = idParam(params.runId, "run");
  const batch = await readBody(request, logBatchBody, TRACKING_LIMITS.bodyBytes);
  await services.tracking.authorizedWriter(principal).logBatch(runId, batch);
  return { status: 204 };
});
