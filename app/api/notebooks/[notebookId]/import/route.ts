import { readImport } from "../../../_lib/files";
import { idParam, userRoute } from "../../../_lib/handler";

/** Replaces the notebook's cells with an imported file's, as a new edit (an automatic version of the cells before is kept). */
export const POST = userRoute<{ notebookId: string }>(async ({ request, services, principal, params }) => {
  const notebookId = idParam(params.notebookId, "notebook");
  const input = await readImport(request);
  return { body: await services.transfer.importInto(principal, notebookId, input) };
});
