import { idParam, userRoute } from "../../../../../_lib/handler";

type P = { notebookId: string; threadId: string };

/** Reopens a resolved thread; reopening an open thread changes nothing. */
export const POST = userRoute<P>(async ({ services, principal, params }) => ({
  body: {
    thread: await services.comments.reopen(principal, idParam(params.notebookId, "notebook"), idParam(params.threadId, "thread")),
  },
}));
