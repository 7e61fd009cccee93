import { idParam, userRoute } from "../../../_lib/handler";

type P = { notebookId: string };

/** `no-transform` keeps compression from buffering the stream; `x-accel-buffering` does the same for nginx. */
const EVENT_STREAM_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-store, no-transform",
  "x-accel-buffering": "no",
};

/**
 * The notebook's live events as Server-Sent Events: `ready` once, then
 * `comment` for every thread change, `end` when the server ends the stream,
 * and a heartbeat comment line every 15 s. Readers of the notebook only.
 */
export const GET = userRoute<P>(async ({ request, services, principal, params }) => {
  const stream = await services.feed.open(principal, idParam(params.notebookId, "notebook"), request.signal);
  return new Response(stream, { status: 200, headers: EVENT_STREAM_HEADERS });
});
