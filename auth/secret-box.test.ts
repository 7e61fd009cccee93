import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createSecretBox, isSealed, loadSecretKey, parseSecretKey, SecretBoxError } from "./secret-box";

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const tempDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tracebook-secret-"));
  dirs.push(dir);
  return dir;
};

describe("the secret box", () => {
  const box = createSecretBox(randomBytes(32));

  it("opens what it sealed, and seals the same text differently each time", () => {
    const url = "postgres://reader:pässwörd@db:5432/sales";
    const a = box.seal(url);
    const b = box.seal(url);
    expect(isSealed(a)).toBe(true);
    expect(a).not.toBe(b);
    expect(a).not.toContain("pässwörd");
    expect(box.open(a)).toBe(url);
    expect(box.open(b)).toBe(url);
  });

  it("refuses a value sealed with another key, altered, truncated or never sealed", () => {
    const sealed = box.seal("secret");
    expect(() => createSecretBox(randomBytes(32)).open(sealed)).toThrow(SecretBoxError);
    const bytes = Buffer.from(sealed.slice(5), "base64");
    bytes[bytes.length - 1]! ^= 1;
    expect(() => box.open("tbx1:" + bytes.toString("base64"))).toThrow(/another key, or altered/);
    expect(() => box.open("tbx1:AAAA")).toThrow(/truncated/);
    expect(() => box.open("postgres://u:p@h/d")).toThrow(/not sealed/);
  });

  it("takes 32-byte keys only", () => {
    expect(() => createSecretBox(randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe("the server's secret key", () => {
  it("is made once in the data directory, readable by its owner only, and read back after", async () => {
    const dir = path.join(tempDir(), "data");
    const first = await loadSecretKey({ dataDir: dir });
    expect(first.byteLength).toBe(32);
    expect(statSync(path.join(dir, "secret.key")).mode & 0o777).toBe(0o600);
    expect(await loadSecretKey({ dataDir: dir })).toEqual(first);
    expect(readFileSync(path.join(dir, "secret.key"), "utf8").trim()).toBe(first.toString("base64"));
  });

  it("comes from the configuration when set, as base64 or hex, and a malformed one is refused by name", async () => {
    const key = randomBytes(32);
    const dir = tempDir();
    expect(await loadSecretKey({ configured: key.toString("base64"), dataDir: dir })).toEqual(key);
    expect(await loadSecretKey({ configured: key.toString("hex"), dataDir: dir })).toEqual(key);
    expect(() => statSync(path.join(dir, "secret.key"))).toThrow();
    expect(() => parseSecretKey("too-short")).toThrow(/TRACEBOOK_SECRET_KEY: a secret key is 32 random bytes/);
    expect(() => parseSecretKey(randomBytes(16).toString("base64"))).toThrow(SecretBoxError);
  });
});
