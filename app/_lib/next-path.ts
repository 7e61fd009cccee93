/** A same-site path to continue to after signing in; anything else falls back to /notebooks. */
export function safeNextPath(value: string | string[] | undefined): string {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw || !raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return "/notebooks";
  if (raw === "/login" || raw.startsWith("/login?")) return "/notebooks";
  return raw;
}
