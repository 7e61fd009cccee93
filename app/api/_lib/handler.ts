import { randomUUID } from "node:crypto";
import type { Principal } from "@/auth/principal";
import { AppError, errorBody, isAppError } from "@/protocol/errors";
import { getServices } from "@/runtime/registry";
import type { Services } from "@/runtime/services";

/** Set by server.ts from the socket; any client-sent value is stripped first. */
export const CLIENT_ADDRESS_HEADER = "x-tracebook-client-address";

type Params = Record<string, string | string[] | undefined>;

interface Call<P, U> {
  request: Request;
  params: P;
  services: Services;
  principal: U;
}

type Result = Response | { status?: number; body?: unknown; headers?: Record<string, string | string[]> };

type NextContext = { params: Promise<Params> };

export function json(body: unknown, status = 200, headers: Record<string, string | string[]> = {}): Response {
  const h = new Headers({ "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  for (const [name, value] of Object.entries(headers)) {
    for (const v of Array.isArray(value) ? value : [value]) h.append(name, v);
  }
  return new Response(status === 204 ? null : JSON.stringify(body), { status, headers: h });
}

function toResponse(result: Result): Response {
  if (result instanceof Response) return result;
  return json(result.body ?? null, result.status ?? (result.body === undefined ? 204 : 200), result.headers);
}

function errorResponse(error: unknown): Response {
  if (isAppError(error)) return json(errorBody(error.code, error.message), error.status, error.headers);
  // Only an id reaches the client; the details stay in the server log.
  const id = randomUUID().slice(0, 8);
  console.error(`[api] internal error ${id}:`, error);
  return json(errorBody("internal", `internal error (id ${id})`), 500);
}

function wrap<P, U>(
  needsUser: boolean,
  fn: (call: Call<P, U>) => Promise<Result>,
): (request: Request, context: NextContext) => Promise<Response> {
  return async (request, context) => {
    try {
      const services = getServices();
      const principal = await services.auth.authenticate(request.headers);
      if (needsUser && !principal) throw new AppError("unauthenticated", "sign in or send an API token");
      services.auth.checkCsrf(request.method, request.headers, principal);
      const params = (await context.params) as P;
      return toResponse(await fn({ request, params, services, principal: principal as U }));
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** A route anyone may call (sign-in, sign-up, invitations, health). */
export function publicRoute<P = Params>(fn: (call: Call<P, Principal | null>) => Promise<Result>) {
  return wrap<P, Principal | null>(false, fn);
}

/** A route for a signed-in user or an API token; 401 otherwise. */
export function userRoute<P = Params>(fn: (call: Call<P, Principal>) => Promise<Result>) {
  return wrap<P, Principal>(true, fn);
}

/** Validates a path segment as a uuid. */
export function idParam(value: string | string[] | undefined, what: string): string {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(raw)) {
    throw new AppError("invalid_id", `"${String(raw).slice(0, 64)}" is not a valid ${what} id`);
  }
  return raw.toLowerCase();
}

export function clientAddress(request: Request): string {
  return request.headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown";
}

/**
 * The origin the client used. Next.js builds `request.url` from the
 * configured port (0 in tests), so the Host header is the truth here.
 */
export function requestOrigin(request: Request): string {
  const host = request.headers.get("host") ?? new URL(request.url).host;
  const proto = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https" ? "https" : "http";
  return `${proto}://${host}`;
}
