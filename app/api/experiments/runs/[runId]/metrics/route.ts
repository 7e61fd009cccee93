import { metricHistoryQuery } from "@/protocol/experiments";
import { validateBody } from "../../../../_lib/body";
import { idParam, userRoute } from "../../../../_lib/handler";
import { queryObject } from "../../../../_lib/query";

type P = { runId: string };

/** `?key=loss`: every point of the metric in step order (non-finite values as "NaN", "Infinity", "-Infinity"). */
export const GET = userRoute<P>(async ({ request, services, principal, params }) => {
  const runId = idParam(params.runId, "run");
  const { key } = validateBody(metricHistoryQuery, queryObject(request));
  return { body: { key, ...(await services.tracking.metricHistory(principal, runId, key)) } };
});
