import { headers } from "next/headers";
import { cache } from "react";
import type { Principal } from "@/auth/principal";
import type { CurrentUser } from "./current-user";
import { getServices } from "@/runtime/registry";

/**
 * Server components only. The signed-in principal of the current request, or
 * null; computed once per request. A malformed or revoked bearer token counts
 * as signed out here; the JSON API reports it precisely.
 */
export const getPrincipal = cache(async (): Promise<Principal | null> => {
  const requestHeaders = new Headers(await headers());
  const services = getServices();
  try {
    return await services.auth.authenticate(requestHeaders);
  } catch {
    return null;
  }
});

export function toCurrentUser(principal: Principal): CurrentUser {
  const { id, username, name, role } = principal.user;
  return { id, username, name, role };
}
