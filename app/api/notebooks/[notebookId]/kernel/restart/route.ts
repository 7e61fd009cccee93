import { idParam, userRoute } from "../../../../_lib/handler";

type P = { notebookId: string };

/** Replaces the kernel with a fresh one; every cell that ran becomes stale. */
export const POST = userRoute<P>(async ({ services, principal, params }) => ({
  body: await services.kernels.restart(principal, idParam(params.notebookId, "notebook")),
}));
