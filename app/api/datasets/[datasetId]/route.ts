import { datasetQuerySchema } from "@/protocol/datasets";
import { validateBody } from "../../_lib/body";
import { idParam, userRoute } from "../../_lib/handler";

type P = { datasetId: string };

/** One dataset with its visible versions, newest first (`?limit=`), each with schema, facets and runs. */
export const GET = userRoute<P>(async ({ request, services, principal, params }) => {
  const datasetId = idParam(params.datasetId, "dataset");
  const query = validateBody(datasetQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  return { body: await services.lineage.datasets.get(principal, datasetId, query) };
});
