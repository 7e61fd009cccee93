import { idParam, userRoute } from "../../../_lib/handler";

type P = { notebookId: string };

/** The notebook's kernel: status, queue length, limits, run mode. */
export const GET = userRoute<P>(async ({ services, principal, params }) => ({
  body: await services.kernels.info(principal, idParam(params.notebookId, "notebook")),
}));
