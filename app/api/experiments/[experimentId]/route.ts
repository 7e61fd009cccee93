import { idParam, userRoute } from "../../_lib/handler";

type P = { experimentId: string };

/** One experiment and the param, metric and tag keys of the runs the caller may see (for column choosers). */
export const GET = userRoute<P>(async ({ services, principal, params }) => ({
  body: await services.tracking.getExperiment(principal, idParam(params.experimentId, "experiment")),
}));
