import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../test/databases";
import { openStore, type StoreOptions } from "./client";
import { findUserByUsername, insertUser } from "./queries/users";
import { insertNotebook, listNotebooks } from "./queries/notebooks";

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

async function pgliteOptions(): Promise<StoreOptions> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "tracebook-store-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return { pgliteDir: dir };
}

async function postgresOptions(): Promise<StoreOptions> {
  const database = await createTestDatabase(process.env.TEST_DATABASE_URL!);
  cleanups.push(database.drop);
  return { pgliteDir: "unused", databaseUrl: database.url };
}

const stores = [{ name: "pglite", options: pgliteOptions }];
if (process.env.TEST_DATABASE_URL) stores.push({ name: "postgres", options: postgresOptions });

describe.each(stores)("store on $name", ({ options: makeOptions }) => {
  it("migrates, keeps data across reopen, and migrates again without change", async () => {
    const options = await makeOptions();
    const first = await openStore(options);
    const user = await insertUser(first.db, { username: "ada", name: "Ada", passwordHash: "h", role: "admin" });
    expect(user?.username).toBe("ada");
    await insertNotebook(first.db, { name: "Kept", ownerId: user!.id });
    await first.close();

    const second = await openStore(options);
    const again = await findUserByUsername(second.db, "ada");
    expect(again?.id).toBe(user!.id);
    const listed = await listNotebooks(second.db, user!.id, { trashed: false, all: false });
    expect(listed.map((l) => [l.notebook.name, l.role])).toEqual([["Kept", "owner"]]);
    // A second insert of the same username is refused by the unique constraint, not duplicated.
    expect(await insertUser(second.db, { username: "ada", name: "Other", passwordHash: "h", role: "member" })).toBeNull();
    await second.close();
  });

  it("rolls a failed transaction back completely", async () => {
    const store = await openStore(await makeOptions());
    await expect(
      store.db.transaction(async (tx) => {
        await insertUser(tx, { username: "ghost", name: "Ghost", passwordHash: "h", role: "member" });
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect(await findUserByUsername(store.db, "ghost")).toBeNull();
    await store.close();
  });
});
