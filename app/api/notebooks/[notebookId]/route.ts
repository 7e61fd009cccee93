import { renameNotebookBody } from "@/protocol/api";
import { readBody } from "../../_lib/body";
import { idParam, userRoute } from "../../_lib/handler";

type P = { notebookId: string };

export const GET = userRoute<P>(async ({ services, principal, params }) => ({
  body: { notebook: await services.notebooks.get(principal, idParam(params.notebookId, "notebook")) },
}));

export const PATCH = userRoute<P>(async ({ request, services, principal, params }) => {
  const id = idParam(params.notebookId, "notebook");
  const { name } = await readBody(request, renameNotebookBody);
  return { body: { notebook: await services.notebooks.rename(principal, id, name) } };
});

/** Permanent delete (owner or admin); the notebook must be in the trash. */
export const DELETE = userRoute<P>(async ({ services, principal, params }) => {
  await services.notebooks.remove(principal, idParam(params.notebookId, "notebook"));
  return { status: 204 };
});
