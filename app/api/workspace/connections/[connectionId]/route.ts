import { idParam, userRoute } from "../../../_lib/handler";

/** Admins remove one; cells that name it afterwards are told which connections exist. */
export const DELETE = userRoute<{ connectionId: string }>(async ({ services, principal, params }) => {
  await services.connections.remove(principal, idParam(params.connectionId, "connection"));
  return { status: 204 };
});
