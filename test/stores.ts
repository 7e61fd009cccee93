import { afterAll, beforeAll } from "vitest";
import { openStore, type Store } from "../db/client";
import { createTestDatabase } from "./databases";

export interface TestStore {
  name: "pglite" | "postgres";
  /** Opens a fresh store: in-memory PGlite, or a scratch Postgres database that `drop` removes. */
  open(): Promise<{ store: Store; drop?: () => Promise<void> }>;
}

/**
 * The stores query tests run against: in-memory PGlite always, and a fresh
 * database on TEST_DATABASE_URL's server when it is set.
 *
 * @example
 * describe.each(testStores())("queries on $name", ({ open }) => { ... });
 */
export function testStores(): TestStore[] {
  const stores: TestStore[] = [{ name: "pglite", open: async () => ({ store: await openStore({ pgliteDir: "memory://" }) }) }];
  const baseUrl = process.env.TEST_DATABASE_URL;
  if (baseUrl) {
    stores.push({
      name: "postgres",
      open: async () => {
        const database = await createTestDatabase(baseUrl);
        return { store: await openStore({ pgliteDir: "unused", databaseUrl: database.url }), drop: database.drop };
      },
    });
  }
  return stores;
}

/**
 * Opens a store for one `describe` block and closes (and drops) it after:
 * the setup every query test repeats.
 *
 * @example
 * let store: Store;
 * useTestStore(open, (opened) => (store = opened));
 */
export function useTestStore(open: TestStore["open"], set: (store: Store) => void): void {
  let opened: Store | undefined;
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    ({ store: opened, drop } = await open());
    set(opened);
  });
  afterAll(async () => {
    await opened?.close();
    await drop?.();
  });
}
