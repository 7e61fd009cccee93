import { idParam, userRoute } from "../../../_lib/handler";

type P = { runId: string };

/** A run with its params, latest metrics, tags, inputs, artifacts and child runs. */
export const GET = userRoute<P>(async ({ services, principal, params }) => ({
  body: { run: await services.tracking.getRun(principal, idParam(params.runId, "run")) },
}));
