import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSecretBox } from "../../auth/secret-box";
import type { Principal } from "../../auth/principal";
import type { Store } from "../../db/client";
import { findConnectionByName, insertConnection } from "../../db/queries/connections";
import { insertUser } from "../../db/queries/users";
import type { UserId } from "../../protocol/ids";
import { testStores, useTestStore } from "../../test/stores";
import { SqlQueryError } from "./answer";
import { createConnections } from "./connections";

async function storedAdmin(store: Store): Promise<Principal> {
  const row = await insertUser(store.db, { username: `ada_${randomUUID().slice(0, 8)}`, name: "Ada", passwordHash: "x", role: "admin" });
  return { user: { id: row!.id as UserId, username: row!.username, name: row!.name, role: "admin" }, via: "session" };
}
const unique = (prefix: string) => `${prefix}_${randomUUID().slice(0, 8)}`;

describe.each(testStores())("workspace connections on the $name store", ({ open }) => {
  let store: Store;
  useTestStore(open, (opened) => (store = opened));

  it("store the URL sealed: the row holds no password, the server still resolves it", async () => {
    const connections = createConnections({ db: store.db, box: createSecretBox(randomBytes(32)) });
    const name = unique("sealed");
    const url = "postgres://reader:hunter2-secret@db.internal:5433/sales";
    const shown = await connections.create(await storedAdmin(store), { name, url });
    expect(shown).toMatchObject({ name, url: "postgres://reader:****@db.internal:5433/sales", namespace: "postgres://db.internal:5433/sales" });
    const row = await findConnectionByName(store.db, name);
    expect(row!.url).not.toContain("hunter2");
    expect(row!.url).not.toContain("db.internal");
    expect(await connections.resolve(name)).toEqual({ url, namespace: "postgres://db.internal:5433/sales" });
  });

  it("seal URLs stored in the clear before sealing existed, and read them meanwhile", async () => {
    const connections = createConnections({ db: store.db, box: createSecretBox(randomBytes(32)) });
    const name = unique("plain");
    const url = "postgres://old:plain-pw@legacy:5432/warehouse";
    await insertConnection(store.db, { name, url, createdBy: null });
    expect(await connections.resolve(name)).toMatchObject({ url });
    expect(await connections.sealPlainUrls()).toBeGreaterThanOrEqual(1);
    expect((await findConnectionByName(store.db, name))!.url).not.toContain("plain-pw");
    expect(await connections.resolve(name)).toMatchObject({ url });
    expect(await connections.sealPlainUrls()).toBe(0);
  });

  it("say so when the secret key changed, instead of handing out garbage", async () => {
    const name = unique("rekeyed");
    await createConnections({ db: store.db, box: createSecretBox(randomBytes(32)) }).create(await storedAdmin(store), { name, url: "postgres://u:pw@h:5432/d" });
    const other = createConnections({ db: store.db, box: createSecretBox(randomBytes(32)) });
    expect((await other.list(await storedAdmin(store))).find((c) => c.name === name)).toMatchObject({ url: "(sealed with another secret key)", namespace: "" });
    const error = await other.resolve(name).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SqlQueryError);
    expect(error).toMatchObject({ code: "unavailable", message: expect.stringMatching(/another secret key/) });
  });
});
