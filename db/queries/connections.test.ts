import { describe, expect, it } from "vitest";
import { testStores, useTestStore } from "../../test/stores";
import type { Store } from "../client";
import { deleteConnection, findConnectionByName, insertConnection, listConnections } from "./connections";
import { isUniqueViolation } from "./executor";

describe.each(testStores())("connection queries on $name", ({ open }) => {
  let store: Store;
  useTestStore(open, (opened) => (store = opened));

  it("inserts, finds by name, lists by name, refuses a taken name, and deletes", async () => {
    const b = await insertConnection(store.db, { name: "b_warehouse", url: "postgres://u:pw@h:5432/b", createdBy: null });
    const a = await insertConnection(store.db, { name: "a_crm", url: "postgres://u:pw@h:5432/a", createdBy: null });
    expect((await listConnections(store.db)).map((c) => c.name)).toEqual(["a_crm", "b_warehouse"]);
    expect(await findConnectionByName(store.db, "b_warehouse")).toMatchObject({ id: b.id, url: "postgres://u:pw@h:5432/b" });
    expect(await findConnectionByName(store.db, "B_WAREHOUSE")).toBeNull();
    const taken = await insertConnection(store.db, { name: "a_crm", url: "postgres://x@h/x", createdBy: null }).catch((e: unknown) => e);
    expect(isUniqueViolation(taken)).toBe(true);
    expect(await deleteConnection(store.db, a.id)).toBe(true);
    expect(await deleteConnection(store.db, a.id)).toBe(false);
    expect((await listConnections(store.db)).map((c) => c.name)).toEqual(["b_warehouse"]);
  });
});
