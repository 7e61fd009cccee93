/**
 * Workspace connection URLs: checked when an admin adds one, shown with the
 * password masked, and named in lineage by host, port and database only.
 */
/** Query parameters whose values are secrets wherever they appear. */
const SECRET_PARAMS = /^(password|sslpassword|sslkey|passfile)$/i;

/**
 * The URL parsed, or an Error whose message says what is wrong.
 * @example
 * parseConnectionUrl("postgres://reader:pw@db.internal:5432/sales"); // URL
 * parseConnectionUrl("mysql://x/y"); // Error: only postgres:// and postgresql:// URLs can be connections
 */
export function parseConnectionUrl(text: string): URL | Error {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return new Error("the URL does not parse; expected postgres://user:password@host:5432/database");
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") return new Error("only postgres:// and postgresql:// URLs can be connections");
  if (!url.hostname) return new Error("the URL names no host");
  if (databaseOf(url) === "") return new Error("the URL names no database (postgres://host:5432/<database>)");
  return url;
}

/**
 * The URL as people may see it: the password and secret parameters replaced by `****`.
 * @example
 * maskConnectionUrl("postgres://reader:pw@db:5432/sales?sslmode=require"); // "postgres://reader:****@db:5432/sales?sslmode=require"
 */
export function maskConnectionUrl(text: string): string {
  const url = new URL(text);
  if (url.password) url.password = "****";
  for (const key of [...url.searchParams.keys()]) if (SECRET_PARAMS.test(key)) url.searchParams.set(key, "****");
  return url.toString().replace("%2A%2A%2A%2A", "****");
}

/**
 * The lineage namespace of a connection's database: no user, password or parameters.
 * @example
 * connectionNamespace("postgresql://reader:pw@db:6543/sales?sslmode=require"); // "postgres://db:6543/sales"
 */
export function connectionNamespace(text: string): string {
  const url = new URL(text);
  return `postgres://${url.hostname}:${url.port || "5432"}/${databaseOf(url)}`;
}

function databaseOf(url: URL): string {
  return decodeURIComponent(url.pathname.replace(/^\//, ""));
}
