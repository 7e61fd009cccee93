import { createUserBody } from "@/protocol/api";
import { readBody } from "../_lib/body";
import { userRoute } from "../_lib/handler";

/** Admins get full records; members get the directory used for sharing. */
export const GET = userRoute(async ({ services, principal }) => ({
  body: { users: await services.auth.accounts.list(principal) },
}));

export const POST = userRoute(async ({ request, services, principal }) => ({
  status: 201,
  body: { user: await services.auth.accounts.create(principal, await readBody(request, createUserBody)) },
}));
