import { idParam, userRoute } from "../../../../_lib/handler";

type P = { notebookId: string; name: string };

/** Deletes one uploaded file (editors). */
export const DELETE = userRoute<P>(async ({ services, principal, params }) => {
  const notebookId = idParam(params.notebookId, "notebook");
  await services.files.remove(principal, notebookId, decodeURIComponent(params.name));
  return {};
});
