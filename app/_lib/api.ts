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
  if (method !== "GET") {
    const csrf = readCookie(CSRF_COOKIE);
    if (csrf) headers[CSRF_HEADER] = csrf;
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: "same-origin",
      cache: "no-store",
    });
  } catch {
    throw new ApiError("network", "the server could not be reached; check your connection and try again", 0);
  }
  const text = await response.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    const error = isErrorBody(data)
      ? new ApiError(data.error.code, data.error.message, response.status)
      : new ApiError("internal", `the server answered ${response.status} ${response.statusText}`, response.status);
    if (response.status === 401 && error.code === "unauthenticated" && !options.noRedirect) {
      window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
    }
    throw error;
  }
  return data as T;
}

/** The message to show for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
