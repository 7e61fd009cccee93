import { idParam, userRoute } from "../../../_lib/handler";

export const POST = userRoute<{ notebookId: string }>(async ({ services, principal, params }) => ({
  body: { notebook: await services.notebooks.restore(principal, idParam(params.notebookId, "notebook")) },
}));
