import { datasetListQuerySchema } from "@/protocol/datasets";
import { validateBody } from "../_lib/body";
import { userRoute } from "../_lib/handler";

/** Datasets of the lineage store (`?q=` part of the name, `?kind=`, `?limit=`), with the versions the caller may see. */
export const GET = userRoute(async ({ request, services, principal }) => {
  const query = validateBody(datasetListQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  return { body: await services.lineage.datasets.list(principal, query) };
});
