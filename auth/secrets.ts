import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A URL-safe random secret with `bytes` of entropy, optionally prefixed. */
export function newSecret(prefix = "", bytes = 32): string {
  return prefix + randomBytes(bytes).toString("base64url");
}

/** Secrets are stored as sha256: they have full entropy, so no slow hash is needed. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
