import { idParam, userRoute } from "../../../../../_lib/handler";

type P = { notebookId: string; versionId: string };

/** Makes the notebook's cells equal this version's, as a new edit; an automatic version of the state before is kept. */
export const POST = userRoute<P>(async ({ services, principal, params }) => {
  const notebookId = idParam(params.notebookId, "notebook");
  const versionId = idParam(params.versionId, "version");
  return { body: await services.versions.restore(principal, notebookId, versionId) };
});
