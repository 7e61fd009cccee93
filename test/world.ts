import { inject } from "vitest";
import type { NotebookRole, WorkspaceRole } from "../protocol/roles";
import { ApiClient } from "./client";
import type { TestServer } from "./global-setup";

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
