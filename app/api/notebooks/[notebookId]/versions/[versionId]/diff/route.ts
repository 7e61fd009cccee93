import { diffQuery } from "@/protocol/versions";
import { validateBody } from "../../../../../_lib/body";
import { idParam, userRoute } from "../../../../../_lib/handler";

type P = { notebookId: string; versionId: string };

/** `?against=<versionId>|current` (default current): a cell-by-cell diff from this version. */
export const GET = userRoute<P>(async ({ request, services, principal, params }) => {
  const notebookId = idParam(params.notebookId, "notebook");
  const versionId = idParam(params.versionId, "version");
  const { against } = validateBody(diffQuery, Object.fromEntries(new URL(request.url).searchParams));
  return { body: { diff: await services.versions.diff(principal, notebookId, versionId, against) } };
});
