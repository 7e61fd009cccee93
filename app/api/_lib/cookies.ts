import { CSRF_COOKIE, SESSION_COOKIE } from "@/protocol/api";

function cookie(name: string, value: string, options: { httpOnly: boolean; expires: Date; secure: boolean }) {
  const parts = [`${name}=${encodeURIComponent(value)}`, "Path=/", "SameSite=Lax", `Expires=${options.expires.toUTCString()}`];
  if (options.httpOnly) parts.push("HttpOnly");
  if (options.secure) parts.push("Secure");
  return parts.join("; ");
}

/** The session cookie (httpOnly) and the CSRF cookie the page script reads. */
export function sessionCookies(session: { secret: string; csrfToken: string; expiresAt: Date }, secure: boolean): string[] {
  return [
    cookie(SESSION_COOKIE, session.secret, { httpOnly: true, expires: session.expiresAt, secure }),
    cookie(CSRF_COOKIE, session.csrfToken, { httpOnly: false, expires: session.expiresAt, secure }),
  ];
}

export function clearedCookies(secure: boolean): string[] {
  const past = new Date(0);
  return [
    cookie(SESSION_COOKIE, "", { httpOnly: true, expires: past, secure }),
    cookie(CSRF_COOKIE, "", { httpOnly: false, expires: past, secure }),
  ];
}
