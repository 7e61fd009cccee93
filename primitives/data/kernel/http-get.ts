import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import { checkLiteralHost, guardedLookup, type UrlPolicy } from "./url-policy";

/**
 * A GET that follows redirects itself, so that every hop goes through the
 * URL policy: `fetch` offers no hook on the addresses it connects to, and a
 * public page could otherwise redirect a cell into the server's network.
 */
export interface GetOptions {
  policy: UrlPolicy;
  signal: AbortSignal;
  maxRedirects?: number;
}

export class HttpStatusError extends Error {
  constructor(readonly status: number, readonly statusText: string) {
    super(`answered ${status} ${statusText}`.trim());
    this.name = "HttpStatusError";
  }
}

const DEFAULT_MAX_REDIRECTS = 5;

/**
 * Resolves with a 2xx response whose body the caller must read or destroy.
 * @example
 * const response = await getFollowingRedirects(new URL("https://example.org/x.csv"), { policy: PUBLIC_ONLY, signal });
 */
export async function getFollowingRedirects(url: URL, options: GetOptions): Promise<IncomingMessage> {
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  let current = url;
  for (let hop = 0; ; hop++) {
    if (current.protocol !== "http:" && current.protocol !== "https:") throw new Error(`redirected to a ${current.protocol} URL`);
    checkLiteralHost(options.policy, current);
    const response = await getOnce(current, options);
    const status = response.statusCode ?? 0;
    const location = response.headers.location;
    if (status >= 300 && status < 400 && location) {
      response.resume();
      if (hop >= maxRedirects) throw new Error(`more than ${maxRedirects} redirects`);
      current = new URL(location, current);
      continue;
    }
    if (status < 200 || status >= 300) {
      response.resume();
      throw new HttpStatusError(status, response.statusMessage ?? "");
    }
    return response;
  }
}

function getOnce(url: URL, options: GetOptions): Promise<IncomingMessage> {
  const client = url.protocol === "https:" ? https : http;
  const shown = `${url.origin}${url.pathname}`;
  return new Promise((resolve, reject) => {
    const request = client.get(url, { signal: options.signal, lookup: guardedLookup(options.policy, shown) as never }, resolve);
    request.once("error", reject);
  });
}
