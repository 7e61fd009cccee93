import type { IncomingMessage, ServerResponse } from "node:http";
import { errorBody } from "../protocol/errors";

/**
 * Next.js answers a method a route does not export with an empty 405. API
 * clients get the API's JSON error shape instead: when the 405 head goes
 * out (Next flushes it before the empty body), the type is set and the body
 * supplied at the end.
 */
export function answerMethodNotAllowedAsJson(req: IncomingMessage, res: ServerResponse): void {
  const pathname = (req.url ?? "/").split("?")[0] ?? "/";
  if (!pathname.startsWith("/api/")) return;
  let replaceBody = false;
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  res.writeHead = ((status: number, ...rest: unknown[]) => {
    if (status === 405 && !res.getHeader("content-type")) {
      replaceBody = true;
      res.setHeader("content-type", "application/json; charset=utf-8");
    }
    return writeHead(status, ...rest);
  }) as ServerResponse["writeHead"];
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.end = ((...args: unknown[]) => {
    if (!replaceBody) return end(...args);
    return end(JSON.stringify(errorBody("method_not_allowed", `${req.method} is not allowed on ${pathname}`)));
  }) as ServerResponse["end"];
}
