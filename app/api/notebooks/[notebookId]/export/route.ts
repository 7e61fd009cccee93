import { exportQuery } from "@/protocol/transfer";
import { validateBody } from "../../../_lib/body";
import { attachment } from "../../../_lib/files";
import { idParam, userRoute } from "../../../_lib/handler";

type P = { notebookId: string };

/** `?format=ipynb|percent` (default ipynb): the notebook as a file download. */
export const GET = userRoute<P>(async ({ request, services, principal, params }) => {
  const notebookId = idParam(params.notebookId, "notebook");
  const { format } = validateBody(exportQuery, Object.fromEntries(new URL(request.url).searchParams));
  const file = await services.transfer.exportNotebook(principal, notebookId, format);
  return new Response(file.body, {
    headers: {
      "content-type": file.contentType,
      "content-disposition": attachment(file.filename),
      "cache-control": "no-store",
    },
  });
});
