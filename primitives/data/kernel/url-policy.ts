import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP } from "node:net";
import { DataError } from "../errors";

/**
 * Which hosts `data.loadUrl` may reach. A kernel runs on the server, inside
 * its network: without a rule, a cell could read the cloud metadata endpoint,
 * the store's own Postgres or any intranet service, and hand the answer to
 * its author (server-side request forgery). By default only public addresses
 * are allowed; an admin opens private ones for named hosts
 * (`TRACEBOOK_URL_ALLOW_HOSTS`) or all of them (`TRACEBOOK_URL_ALLOW_PRIVATE`).
 */
export interface UrlPolicy {
  /** Every address may be reached, private ones included. */
  allowPrivate: boolean;
  /** Host names (`data.internal`) or suffixes (`*.corp.example`) that may resolve to private addresses. */
  allowHosts: string[];
}

export const PUBLIC_ONLY: UrlPolicy = { allowPrivate: false, allowHosts: [] };

/** Addresses that are not on the public internet (IANA special-purpose registries). */
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
  ["64:ff9b::", 96],
  ["2001:db8::", 32],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, "ipv6");
}

/**
 * Whether `address` (an IP literal) is a public internet address. IPv4
 * addresses mapped into IPv6 (`::ffff:127.0.0.1`) are judged as IPv4.
 * @example
 * isPublicAddress("169.254.169.254"); // false
 * isPublicAddress("93.184.216.34"); // true
 */
export function isPublicAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return isPublicAddress(mapped[1]!);
  const family = isIP(address);
  if (family === 0) return false;
  return !NOT_PUBLIC.check(address, family === 4 ? "ipv4" : "ipv6");
}

/** Whether the policy lets `hostname` resolve to private addresses. */
export function allowsPrivate(policy: UrlPolicy, hostname: string): boolean {
  if (policy.allowPrivate) return true;
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  return policy.allowHosts.some((rule) => {
    const wanted = rule.toLowerCase();
    return wanted.startsWith("*.") ? host.endsWith(wanted.slice(1)) : host === wanted;
  });
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
type LookupFunction = (hostname: string, options: object, callback: LookupCallback) => void;

/**
 * A `lookup` for `http.request` that refuses a host whose addresses are not
 * all public, unless the policy allows it. Checking the addresses the
 * connection will use (not a lookup made beforehand) closes DNS rebinding:
 * a name cannot answer "public" to the check and "private" to the connect.
 */
export function guardedLookup(policy: UrlPolicy, shown: string): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const list = addresses as LookupAddress[];
      const blocked = allowsPrivate(policy, hostname) ? undefined : list.find((a) => !isPublicAddress(a.address));
      if (blocked) return callback(refusal(shown, hostname, blocked.address), []);
      const all = (options as { all?: boolean }).all === true;
      if (all) return callback(null, list);
      const first = list[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), []);
      callback(null, first.address, first.family);
    });
  };
}

/**
 * Refuses an IP literal host at once (no lookup runs for those).
 * @example
 * checkLiteralHost(PUBLIC_ONLY, new URL("http://127.0.0.1:5432/")); // throws DataError "permission_denied"
 */
export function checkLiteralHost(policy: UrlPolicy, url: URL): void {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host) === 0 || allowsPrivate(policy, host) || isPublicAddress(host)) return;
  throw refusal(`${url.origin}${url.pathname}`, host, host);
}

function refusal(shown: string, hostname: string, address: string): DataError {
  return new DataError(
    "permission_denied",
    `${shown}: ${hostname === address ? address : `${hostname} resolves to ${address}, which`} is not a public address; an admin can allow it with TRACEBOOK_URL_ALLOW_HOSTS or TRACEBOOK_URL_ALLOW_PRIVATE`,
    { url: shown, address },
  );
}
