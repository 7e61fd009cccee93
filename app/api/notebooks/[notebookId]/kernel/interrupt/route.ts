import { idParam, userRoute } from "../../../../_lib/handler";

type P = { notebookId: string };

/** Stops the running cell and drops the queued ones. */
export const POST = userRoute<P>(async ({ services, principal, params }) => ({
  body: await services.kernels.interrupt(principal, idParam(params.notebookId, "notebook")),
}));
