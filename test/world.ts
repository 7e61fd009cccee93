import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, inject } from "vitest";
import type { NotebookRole, WorkspaceRole } from "../protocol/roles";
import { ApiClient } from "./client";
import { createTestDatabase } from "./databases";
import type { TestServer } from "./global-setup";
import { startServerProcess, type ServerProcess } from "./server-process";

let counter = 0;
/** A username no other test in this run uses. */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid.toString(36)}-${counter}-${Math.random().toString(36).slice(2, 6)}`;
}

export const PASSWORD = "a long test password";

export function testServers(): TestServer[] {
  return inject("servers");
}

export interface TestUser {
  id: string;
  username: string;
  password: string;
  client: ApiClient;
}

/** Signs in and returns a client holding the session cookie and CSRF token. */
export async function signIn(baseUrl: string, username: string, password: string): Promise<ApiClient> {
  const client = new ApiClient(baseUrl);
  const response = await client.post("/api/auth/login", { username, password });
  if (response.status !== 200) throw new Error(`login as ${username} failed: ${JSON.stringify(response.body)}`);
  return client;
}

export async function adminClient(server: TestServer): Promise<ApiClient> {
  return signIn(server.url, server.admin.username, server.admin.password);
}

/** Creates a user through the admin API and signs them in. */
export async function createUser(admin: ApiClient, role: WorkspaceRole = "member", prefix = "user"): Promise<TestUser> {
  const username = uniqueName(prefix);
  const response = await admin.post("/api/users", { username, name: `Test ${prefix}`, password: PASSWORD, role });
  if (response.status !== 201) throw new Error(`create user failed: ${JSON.stringify(response.body)}`);
  return { id: response.body.user.id, username, password: PASSWORD, client: await signIn(admin.baseUrl, username, PASSWORD) };
}

export async function createNotebook(client: ApiClient, name = "Test notebook"): Promise<string> {
  const response = await client.post("/api/notebooks", { name });
  if (response.status !== 201) throw new Error(`create notebook failed: ${JSON.stringify(response.body)}`);
  return response.body.notebook.id;
}

export async function grant(owner: ApiClient, notebookId: string, userId: string, role: NotebookRole): Promise<void> {
  const response = await owner.put(`/api/notebooks/${notebookId}/members`, { userId, role });
  if (response.status !== 200) throw new Error(`grant failed: ${JSON.stringify(response.body)}`);
}

/** Asserts the one error shape of the API: `{ error: { code, message } }` with this status and code. */
export function expectError(response: { status: number; body: any }, status: number, code: string): void {
  expect({ status: response.status, body: response.body }).toMatchObject({
    status,
    body: { error: { code, message: expect.any(String) } },
  });
}

/** The first admin that `startFreshServer` callers sign up. */
export const FRESH_ADMIN = { username: "fresh-admin", name: "Fresh Admin", password: "fresh admin password" };

export interface FreshServer {
  store: TestServer["name"];
  /** Its data directory (TRACEBOOK_DATA_DIR), kept across restarts. */
  dataDir: string;
  /** The URL of the current process (changes on restart). */
  readonly url: string;
  readonly process: ServerProcess;
  /** Where the store lives: the Postgres database (postgres), else PGlite under `<process.dataDir>/pglite`. */
  readonly databaseUrl: string | undefined;
  /** Stops the current process (SIGTERM by default) and returns its exit code; the store is kept. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Starts a new process on the same store (data dir or database). */
  restart(): Promise<void>;
  /** Stops the process and deletes the store. */
  dispose(): Promise<void>;
}

/**
 * Starts an extra real server on an empty store of the given kind: its own
 * PGlite data dir, or a fresh Postgres database beside TEST_DATABASE_URL.
 * For tests that need their own workspace or settings (env).
 */
export async function startFreshServer(store: TestServer["name"], env: Record<string, string> = {}): Promise<FreshServer> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "tracebook-fresh-"));
  const storeEnv: Record<string, string> = {};
  let drop: (() => Promise<void>) | undefined;
  const cleanup = async () => {
    await rm(dataDir, { recursive: true, force: true });
    await drop?.();
  };
  try {
    if (store === "postgres") {
      const base = process.env.TEST_DATABASE_URL;
      if (!base) throw new Error("a postgres test server needs TEST_DATABASE_URL");
      const database = await createTestDatabase(base);
      drop = database.drop;
      storeEnv.DATABASE_URL = database.url;
    }
    const start = () => startServerProcess({ ...env, ...storeEnv }, { dataDir });
    let current = await start();
    return {
      store,
      dataDir,
      get url() {
        return current.url;
      },
      get process() {
        return current;
      },
      databaseUrl: storeEnv.DATABASE_URL,
      stop: (signal) => current.stop(signal),
      async restart() {
        await current.stop();
        current = await start();
      },
      async dispose() {
        await current.stop();
        await cleanup();
      },
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** Signs up the first admin of a fresh server and returns their client. */
export async function signUpFreshAdmin(url: string): Promise<ApiClient> {
  const client = new ApiClient(url);
  const response = await client.post("/api/auth/signup", FRESH_ADMIN);
  if (response.status !== 201) throw new Error(`first sign-up failed: ${JSON.stringify(response.body)}`);
  return client;
}
