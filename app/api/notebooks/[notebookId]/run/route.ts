import { runRequestSchema } from "@/protocol/kernel";
import { readBody } from "../../../_lib/body";
import { idParam, userRoute } from "../../../_lib/handler";

type P = { notebookId: string };

/** Queues a run: one cell (and its dependents in autorun mode), the cells from one down, or all. */
export const POST = userRoute<P>(async ({ request, services, principal, params }) => {
  const notebookId = idParam(params.notebookId, "notebook");
  const body = await readBody(request, runRequestSchema);
  return { status: 202, body: await services.kernels.run(principal, notebookId, body) };
});
