import { graphQuerySchema } from "@/primitives/lineage/query";
import { validateBody } from "../../_lib/body";
import { userRoute } from "../../_lib/handler";

/** Upstream and/or downstream of a lineage node, as the caller may see it. */
export const GET = userRoute(async ({ request, services, principal }) => {
  const query = validateBody(graphQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  return { body: { graph: await services.lineage.graph(principal, query) } };
});
