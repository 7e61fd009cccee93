import { createConnectionBody } from "@/protocol/connections";
import { readBody } from "../../_lib/body";
import { userRoute } from "../../_lib/handler";

/** The workspace's Postgres connections by name, URLs masked (anyone signed in: cells name them). */
export const GET = userRoute(async ({ services, principal }) => ({ body: { connections: await services.connections.list(principal) } }));

/** Admins add one; the password is stored for the server's use and never returned. */
export const POST = userRoute(async ({ request, services, principal }) => ({
  status: 201,
  body: { connection: await services.connections.create(principal, await readBody(request, createConnectionBody)) },
}));
