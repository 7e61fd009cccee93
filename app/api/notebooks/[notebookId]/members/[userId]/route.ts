import { idParam, userRoute } from "../../../../_lib/handler";

export const DELETE = userRoute<{ notebookId: string; userId: string }>(async ({ services, principal, params }) => {
  await services.notebooks.revoke(principal, idParam(params.notebookId, "notebook"), idParam(params.userId, "user"));
  return { status: 204 };
});
