import { createVersionBody } from "@/protocol/versions";
import { readBody } from "../../../_lib/body";
import { idParam, userRoute } from "../../../_lib/handler";

type P = { notebookId: string };

/** The notebook's versions, newest first. */
export const GET = userRoute<P>(async ({ services, principal, params }) => ({
  body: { versions: await services.versions.list(principal, idParam(params.notebookId, "notebook")) },
}));

/** Takes a named version of the notebook as it is now. */
export const POST = userRoute<P>(async ({ request, services, principal, params }) => {
  const notebookId = idParam(params.notebookId, "notebook");
  const { name } = await readBody(request, createVersionBody);
  return { status: 201, body: { version: await services.versions.create(principal, notebookId, name) } };
});
