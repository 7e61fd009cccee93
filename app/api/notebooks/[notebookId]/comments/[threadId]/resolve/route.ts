import { idParam, userRoute } from "../../../../../_lib/handler";

type P = { notebookId: string; threadId: string };

/** Marks a thread resolved; resolving a resolved thread changes nothing. */
export const POST = userRoute<P>(async ({ services, principal, params }) => ({
  body: {
    thread: await services.comments.resolve(principal, idParam(params.notebookId, "notebook"), idParam(params.threadId, "thread")),
  },
}));
