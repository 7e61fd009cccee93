import { searchRunsQuery } from "@/protocol/experiments";
import { validateBody } from "../../../_lib/body";
import { idParam, userRoute } from "../../../_lib/handler";
import { queryObject } from "../../../_lib/query";

type P = { experimentId: string };

/**
 * MLflow's search_runs: `?filter=metrics.acc > 0.9 AND params.lr = '0.1'`,
 * `orderBy` (repeatable, e.g. `metrics.acc DESC`), `maxResults`, `pageToken`.
 * A filter or order that does not parse is a 400 `invalid_filter` naming the token.
 */
export const GET = userRoute<P>(async ({ request, services, principal, params }) => {
  const experimentId = idParam(params.experimentId, "experiment");
  const query = validateBody(searchRunsQuery, queryObject(request, ["orderBy"]));
  return { body: await services.tracking.searchRuns(principal, experimentId, query) };
});
