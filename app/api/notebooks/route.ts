import { createNotebookBody } from "@/protocol/api";
import { readBody } from "../_lib/body";
import { userRoute } from "../_lib/handler";

/** `?trashed=1` lists the trash; `?scope=all` (admins) lists every notebook. */
export const GET = userRoute(async ({ request, services, principal }) => {
  const query = new URL(request.url).searchParams;
  const trashed = query.get("trashed") === "1" || query.get("trashed") === "true";
  const all = query.get("scope") === "all";
  return { body: { notebooks: await services.notebooks.list(principal, { trashed, all }) } };
});

export const POST = userRoute(async ({ request, services, principal }) => {
  const { name } = await readBody(request, createNotebookBody);
  return { status: 201, body: { notebook: await services.notebooks.create(principal, name) } };
});
