import { logInputBody } from "@/protocol/experiments";
import { readBody } from "../../../../_lib/body";
import { idParam, userRoute } from "../../../../_lib/handler";

type P = { runId: string };

/** `{ dataset: { namespace?, name, digest }, context }`: a dataset version the run read, linked in the lineage graph. */
export const POST = userRoute<P>(async ({ request, services, principal, params }) => {
  const runId = idParam(params.runId, "run");
  const input = await readBody(request, logInputBody);
  return { status: 201, body: { input: await services.tracking.authorizedWriter(principal).logInput(runId, input) } };
});
