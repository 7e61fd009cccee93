import { createTokenBody } from "@/protocol/api";
import { readBody } from "../_lib/body";
import { userRoute } from "../_lib/handler";

export const GET = userRoute(async ({ services, principal }) => ({
  body: { tokens: await services.auth.tokens.list(principal) },
}));

/** The secret is in this response only; it is stored hashed. */
export const POST = userRoute(async ({ request, services, principal }) => ({
  status: 201,
  body: await services.auth.tokens.create(principal, await readBody(request, createTokenBody)),
}));
