import { replyBody } from "@/protocol/comments";
import { readBody } from "../../../../../_lib/body";
import { idParam, userRoute } from "../../../../../_lib/handler";

type P = { notebookId: string; threadId: string };

/** Adds a comment to a thread (reopening it when it was resolved). */
export const POST = userRoute<P>(async ({ request, services, principal, params }) => {
  const id = idParam(params.notebookId, "notebook");
  const threadId = idParam(params.threadId, "thread");
  const { body } = await readBody(request, replyBody);
  return { status: 201, body: await services.comments.reply(principal, id, threadId, body) };
});
