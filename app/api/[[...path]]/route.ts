import { errorBody } from "@/protocol/errors";
import { json } from "../_lib/handler";

// Unknown API paths answer in the API's JSON error shape, not Next's HTML 404.
const notFound = async (request: Request) =>
  json(errorBody("not_found", `no API route ${request.method} ${new URL(request.url).pathname}`), 404);

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
