import type { TestProject } from "vitest/node";
import { ensureBuild } from "../scripts/build";
import { ApiClient } from "./client";
import { createTestDatabase } from "./databases";
import { startServerProcess, type ServerProcess } from "./server-process";

export interface TestServer {
  /** "pglite" always; "postgres" when TEST_DATABASE_URL is set. */
  name: "pglite" | "postgres";
  url: string;
  admin: { username: string; password: string };
}

declare module "vitest" {
  export interface ProvidedContext {
    servers: TestServer[];
  }
}

export const ADMIN = { username: "root-admin", name: "Root Admin", password: "admin password 1" };

/**
 * Builds the app when needed and starts one real server per store: embedded
 * PGlite always, and Postgres when TEST_DATABASE_URL names one (in a fresh
 * database of its own). The first sign-up on each makes the workspace admin.
 */
export default async function setup(project: TestProject) {
  // Unit-test iterations on one folder need no server: TEST_NO_SERVER=1 skips the build and servers.
  if (process.env.TEST_NO_SERVER === "1") {
    project.provide("servers", []);
    return;
  }
  await ensureBuild();
  const started: ServerProcess[] = [];
  const drops: Array<() => Promise<void>> = [];
  const servers: TestServer[] = [];

  async function start(name: TestServer["name"], env: Record<string, string>) {
    const server = await startServerProcess(env);
    started.push(server);
    const client = new ApiClient(server.url);
    const signup = await client.post("/api/auth/signup", ADMIN);
    if (signup.status !== 201) throw new Error(`bootstrap sign-up failed on ${name}: ${JSON.stringify(signup.body)}`);
    servers.push({ name, url: server.url, admin: { username: ADMIN.username, password: ADMIN.password } });
  }

  try {
    const pgliteStart = start("pglite", {});
    const baseUrl = process.env.TEST_DATABASE_URL;
    if (baseUrl) {
      const database = await createTestDatabase(baseUrl);
      drops.push(database.drop);
      await start("postgres", { DATABASE_URL: database.url });
    }
    await pgliteStart;
  } catch (error) {
    await Promise.all(started.map((s) => s.stop()));
    for (const drop of drops) await drop();
    throw error;
  }
  project.provide("servers", servers);

  return async () => {
    await Promise.all(started.map((s) => s.stop()));
    for (const drop of drops) await drop();
  };
}
