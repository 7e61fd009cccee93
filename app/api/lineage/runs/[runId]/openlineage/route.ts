import { idParam, userRoute } from "../../../../_lib/handler";

type P = { runId: string };

/** The run's events as standard OpenLineage RunEvent JSON, in the order they happened. */
export const GET = userRoute<P>(async ({ services, principal, params }) => ({
  body: { events: await services.lineage.exportRun(principal, idParam(params.runId, "run")) },
}));
