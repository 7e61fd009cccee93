import { EventEmitter } from "node:events";
import { openStore, type Store } from "../db/client";
import { createAuth, type Auth } from "../auth/index";
import { createNotebooks, type AccessChange, type Notebooks } from "../notebooks/index";
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
  return {
    config,
    store,
    auth,
    notebooks,
    events,
    startedAt: new Date(),
    close: () => store.close(),
  };
}
