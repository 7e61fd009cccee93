import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * Seals secrets the server must read back (a workspace connection's URL with
 * its password), so a copy of the database alone does not give them away.
 * AES-256-GCM: a changed byte or another key fails to open instead of
 * yielding garbage.
 */
export interface SecretBox {
  seal(plain: string): string;
  /** Throws `SecretBoxError` when the value was sealed with another key or was altered. */
  open(sealed: string): string;
}

export class SecretBoxError extends Error {}

/** Sealed values start with this, so a value stored before sealing existed is told apart. */
const PREFIX = "tbx1:";
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const SECRET_KEY_BYTES = 32;

/** Whether a stored value is sealed (values written before sealing are plain). */
export function isSealed(stored: string): boolean {
  return stored.startsWith(PREFIX);
}

/**
 * @example
 * const box = createSecretBox(randomBytes(32));
 * box.open(box.seal("postgres://reader:pw@db/sales")); // "postgres://reader:pw@db/sales"
 */
export function createSecretBox(key: Buffer): SecretBox {
  if (key.byteLength !== SECRET_KEY_BYTES) throw new SecretBoxError(`the secret key must be ${SECRET_KEY_BYTES} bytes, not ${key.byteLength}`);
  return {
    seal(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
    },
    open(sealed) {
      if (!isSealed(sealed)) throw new SecretBoxError("the value is not sealed");
      const bytes = Buffer.from(sealed.slice(PREFIX.length), "base64");
      if (bytes.byteLength < IV_BYTES + TAG_BYTES) throw new SecretBoxError("the sealed value is truncated");
      const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, IV_BYTES));
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      try {
        return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
      } catch {
        throw new SecretBoxError("the value was sealed with another key, or altered");
      }
    },
  };
}

/**
 * The server's secret key: `TRACEBOOK_SECRET_KEY` (base64 or hex of 32
 * bytes) when set, which is what several servers sharing one database need;
 * else `<dataDir>/secret.key`, made on first start with owner-only access.
 *
 * @example
 * const box = createSecretBox(await loadSecretKey({ configured: process.env.TRACEBOOK_SECRET_KEY, dataDir: ".tracebook" }));
 */
export async function loadSecretKey(options: { configured?: string; dataDir: string }): Promise<Buffer> {
  if (options.configured) return parseSecretKey(options.configured);
  const file = path.join(options.dataDir, "secret.key");
  try {
    return parseSecretKey((await readFile(file, "utf8")).trim(), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  await mkdir(options.dataDir, { recursive: true });
  const key = randomBytes(SECRET_KEY_BYTES);
  try {
    // wx: two servers starting on one data directory must not each write a key.
    await writeFile(file, key.toString("base64") + "\n", { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return parseSecretKey((await readFile(file, "utf8")).trim(), file);
    throw error;
  }
  await chmod(file, 0o600);
  return key;
}

/** A key as hex (64 digits) or base64; `source` names where it came from in the error. */
export function parseSecretKey(text: string, source = "TRACEBOOK_SECRET_KEY"): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, "hex") : Buffer.from(text, "base64");
  if (key.byteLength !== SECRET_KEY_BYTES || (!/^[0-9a-f]{64}$/i.test(text) && key.toString("base64").replace(/=+$/, "") !== text.replace(/=+$/, ""))) {
    throw new SecretBoxError(`${source}: a secret key is ${SECRET_KEY_BYTES} random bytes as base64 or hex (e.g. \`openssl rand -base64 32\`)`);
  }
  return key;
}
