import { runModeSchema } from "@/protocol/kernel";
import { readBody } from "../../../_lib/body";
import { idParam, userRoute } from "../../../_lib/handler";

type P = { notebookId: string };

/** Autorun (dependents re-run) or lazy (dependents are marked stale). */
export const PUT = userRoute<P>(async ({ request, services, principal, params }) => {
  const notebookId = idParam(params.notebookId, "notebook");
  const { runMode } = await readBody(request, runModeSchema);
  return { body: await services.kernels.setRunMode(principal, notebookId, runMode) };
});
