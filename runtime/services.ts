import { EventEmitter } from "node:events";
import { openStore, type Store } from "../db/client";
import { createAuth, type Auth } from "../auth/index";
import { createNotebooks, type AccessChange, type Notebooks } from "../notebooks/index";
import { createCollab, type Collab } from "../collab/core";
import { createDocPersistence } from "../collab/persistence";
import { createKeyedQueue } from "../collab/queue";
import { createTransfer, type Transfer } from "../collab/transfer";
import { createVersions, type Versions } from "../collab/versions";
import type { Config } from "./config";

/**
 * Everything a request handler may call, built once per process by
 * `server.ts` and handed to the Next.js route handlers through the registry.
 */
export interface Services {
  config: Config;
  store: Store;
  auth: Auth;
  notebooks: Notebooks;
  collab: Collab;
  /** Named snapshots of notebook documents: list, diff, restore. */
  versions: Versions;
  /** Import and export of notebooks as .ipynb and percent-format files. */
  transfer: Transfer;
  /** `access` events: someone's access to a notebook changed. */
  events: EventEmitter<{ access: [AccessChange] }>;
  startedAt: Date;
  close(): Promise<void>;
}

export async function createServices(config: Config, options: { now?: () => Date } = {}): Promise<Services> {
  const store = await openStore({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir });
  const events = new EventEmitter<{ access: [AccessChange] }>();
  const auth = createAuth({
    db: store.db,
    now: options.now,
    sessionTtlMs: config.sessionTtlMs,
    loginMaxFailures: config.loginMaxFailures,
    loginWindowMs: config.loginWindowMs,
    publicUrl: config.publicUrl,
  });
  const notebooks = createNotebooks({ db: store.db, onAccessChange: (change) => events.emit("access", change) });
  const collab = createCollab({
    persistence: createDocPersistence(store.db),
    limits: config.collab,
    checkAccess: async (principal, notebookId) => {
      try {
        const { role } = await notebooks.access(principal, notebookId, "notebook.read");
        return { readOnly: !notebooks.can(role, "notebook.edit") };
      } catch {
        return null;
      }
    },
  });
  // Restores and imports rewrite whole documents: one at a time per notebook.
  const rewrites = createKeyedQueue();
  const versions = createVersions({ db: store.db, collab, notebooks, queue: rewrites });
  const transfer = createTransfer({ db: store.db, collab, notebooks, versions });
  events.on("access", (change) => {
    collab.applyAccessChange(change).catch((error: unknown) => console.error("[collab] access change:", error));
  });
  return {
    config,
    store,
    auth,
    notebooks,
    collab,
    versions,
    transfer,
    events,
    startedAt: new Date(),
    async close() {
      // Connections close first so that every pending update is stored before the store goes.
      await collab.close();
      await store.close();
    },
  };
}
