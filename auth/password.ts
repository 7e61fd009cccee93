import { hash, verify, type Algorithm } from "@node-rs/argon2";

/** OWASP's argon2id baseline: 19 MiB, two passes, one lane. */
// 2 is Algorithm.Argon2id; the enum is ambient `const` and cannot be read at run time.
const OPTIONS = { algorithm: 2 as Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

// Verifying against a fixed hash when the user does not exist keeps the
// response time the same, so login timing does not reveal usernames.
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  if (storedHash === null) {
    dummyHash ??= hashPassword("tracebook-dummy-password");
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}
