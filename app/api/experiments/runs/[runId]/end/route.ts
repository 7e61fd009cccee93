import { endRunBody } from "@/protocol/experiments";
import { readBody } from "../../../../_lib/body";
import { idParam, userRoute } from "../../../../_lib/handler";

type P = { runId: string };

/** `{ status: FINISHED | FAILED | KILLED }`: ends a RUNNING run; an ended run keeps its status (409 `run_ended`). */
export const POST = userRoute<P>(async ({ request, services, principal, params }) => {
  const runId = idParam(params.runId, "run");
  const { status, endTime } = await readBody(request, endRunBody);
  return { body: { run: await services.tracking.authorizedWriter(principal).endRun(runId, status, endTime) } };
});
