import { CSRF_COOKIE, CSRF_HEADER } from "@/protocol/api";
import type { ErrorCode } from "@/protocol/errors";

/** A failed API call: the `{ error: { code, message } }` body and the HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode | "network",
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface ApiOptions {
  body?: unknown;
  /** A file sent as the raw body (an upload) instead of JSON; streamed by the browser. */
  file?: Blob;
  /** Leave an `unauthenticated` 401 to the caller instead of going to /login. */
  noRedirect?: boolean;
}

function readCookie(name: string): string | null {
  for (const part of document.cookie.split(";")) {
    const eq = part.indexOf("=");
    if (eq >= 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

function isErrorBody(value: unknown): value is { error: { code: ErrorCode; message: string } } {
  if (typeof value !== "object" || value === null) return false;
  const error = (value as { error?: unknown }).error;
  return (
    typeof error === "object" &&
    error !== null &&
    typeof (error as { code?: unknown }).code === "string" &&
    typeof (error as { message?: unknown }).message === "string"
  );
}

/**
 * Calls the JSON API. Mutations echo the CSRF cookie in the CSRF header;
 * failures throw an ApiError carrying the API's code and message; an expired
 * session (401 unauthenticated) goes back to the sign-in page.
 */
export async function api<T>(method: Method, path: string, options: ApiOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (options.file) headers["content-type"] = options.file.type || "application/octet-stream";
  if (method !== "GET") {
    const csrf = readCookie(CSRF_COOKIE);
    if (csrf) headers[CSRF_HEADER] = csrf;
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.file ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
      credentials: "same-origin",
      cache: "no-store",
    });
  } catch {
    throw new ApiError("network", "the server could not be reached; check your connection and try again", 0);
  }
  const text = await response.text();
  const data = parseJson(text);
  if (!response.ok) throw failure(response, data, options);
  return data as T;
}

/**
 * Downloads a file from the API (a GET answered with a body that is not
 * JSON, e.g. an export); failures throw an ApiError as `api()` does.
 *
 * @example
 * const { blob, disposition } = await apiFile(`/api/notebooks/${id}/export?format=ipynb`);
 */
export async function apiFile(path: string, options: ApiOptions = {}): Promise<{ blob: Blob; disposition: string | null }> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: "same-origin", cache: "no-store" });
  } catch {
    throw new ApiError("network", "the server could not be reached; check your connection and try again", 0);
  }
  if (!response.ok) throw failure(response, parseJson(await response.text()), options);
  return { blob: await response.blob(), disposition: response.headers.get("content-disposition") };
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The ApiError for a failed answer; an expired session also goes back to the sign-in page. */
function failure(response: Response, data: unknown, options: ApiOptions): ApiError {
  const error = isErrorBody(data)
    ? new ApiError(data.error.code, data.error.message, response.status)
    : new ApiError("internal", `the server answered ${response.status} ${response.statusText}`, response.status);
  if (response.status === 401 && error.code === "unauthenticated" && !options.noRedirect) {
    window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
  }
  return error;
}

/** The message to show for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
