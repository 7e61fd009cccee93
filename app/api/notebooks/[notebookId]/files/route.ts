import { idParam, userRoute } from "../../../_lib/handler";

type P = { notebookId: string };

/** The notebook's uploaded files (readers). */
export const GET = userRoute<P>(async ({ services, principal, params }) => {
  const notebookId = idParam(params.notebookId, "notebook");
  return { body: { files: await services.files.list(principal, notebookId) } };
});

/**
 * Uploads one file (editors): the raw bytes as the body, `?name=` the file
 * name, `&replace=true` to overwrite. Streamed to disk; 413 past
 * TRACEBOOK_UPLOAD_MAX_BYTES, and an interrupted upload keeps nothing.
 */
export const POST = userRoute<P>(async ({ request, services, principal, params }) => {
  const notebookId = idParam(params.notebookId, "notebook");
  const query = new URL(request.url).searchParams;
  const length = request.headers.get("content-length");
  const declaredBytes = length !== null && /^\d+$/.test(length) ? Number(length) : null;
  const file = await services.files.upload(principal, notebookId, {
    name: query.get("name"),
    body: request.body,
    declaredBytes,
    replace: query.get("replace") === "true",
    signal: request.signal,
  });
  return { status: 201, body: { file } };
});
