import { grantRoleBody } from "@/protocol/api";
import { readBody } from "../../../_lib/body";
import { idParam, userRoute } from "../../../_lib/handler";

type P = { notebookId: string };

export const GET = userRoute<P>(async ({ services, principal, params }) => ({
  body: { members: await services.notebooks.members(principal, idParam(params.notebookId, "notebook")) },
}));

/** Grants a role, or changes an existing one (owners only). */
export const PUT = userRoute<P>(async ({ request, services, principal, params }) => {
  const id = idParam(params.notebookId, "notebook");
  const { userId, role } = await readBody(request, grantRoleBody);
  return { body: { member: await services.notebooks.grant(principal, id, userId.toLowerCase(), role) } };
});
