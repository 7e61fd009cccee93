import { cellIdSchema, createThreadBody } from "@/protocol/comments";
import { AppError } from "@/protocol/errors";
import { readBody } from "../../../_lib/body";
import { idParam, userRoute } from "../../../_lib/handler";

type P = { notebookId: string };

/** Threads of the notebook, oldest first; `?cellId=` narrows to one cell. */
export const GET = userRoute<P>(async ({ request, services, principal, params }) => {
  const id = idParam(params.notebookId, "notebook");
  const raw = new URL(request.url).searchParams.get("cellId");
  let cellId: string | undefined;
  if (raw !== null) {
    const parsed = cellIdSchema.safeParse(raw);
    if (!parsed.success) throw new AppError("invalid_id", `cellId: ${parsed.error.issues[0]?.message ?? "invalid"}`);
    cellId = parsed.data;
  }
  return { body: { threads: await services.comments.list(principal, id, { cellId }) } };
});

/** Opens a thread on a cell (optionally a range of its text) with its first comment. */
export const POST = userRoute<P>(async ({ request, services, principal, params }) => {
  const id = idParam(params.notebookId, "notebook");
  const input = await readBody(request, createThreadBody);
  return { status: 201, body: { thread: await services.comments.create(principal, id, input) } };
});
