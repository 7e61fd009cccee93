import { addCell } from "./cells";
import { ApiClient } from "./client";
import { createNotebook, createUser, grant, PASSWORD, signIn, uniqueName, type TestUser } from "./world";

/**
 * Who calls: anonymous, a workspace admin with no notebook role, a member
 * with no role on the notebook, and one member per notebook role.
 */
export const WHO = ["anonymous", "admin", "member", "owner", "editor", "runner", "reviewer", "viewer"] as const;
export type Who = (typeof WHO)[number];

export interface World {
  admin: ApiClient;
  users: Record<Exclude<Who, "anonymous" | "admin">, TestUser>;
  clientFor(who: Who): ApiClient;
  baseUrl: string;
  /** A fresh notebook owned by `owner` with every other role granted. */
  sharedNotebook(): Promise<string>;
}

interface Cell {
  path: string;
  body?: unknown;
  /** Overrides the caller (e.g. a fresh session for logout). */
  as?: ApiClient;
}

export interface Entry {
  /** Builds the request for one caller; runs before each cell, so mutations never collide. */
  prepare(world: World, who: Who): Promise<Cell>;
  expect: Record<Who, number>;
}

const all = (status: number): Record<Who, number> =>
  Object.fromEntries(
    ["anonymous", "admin", "member", "owner", "editor", "runner", "reviewer", "viewer"].map((w) => [w, status]),
  ) as Record<Who, number>;
const signedIn = (status: number) => ({ ...all(status), anonymous: 401 });
const adminOnly = (status: number) => ({ ...all(403), anonymous: 401, admin: status });
/** Notebook routes: roles listed in `allowed` get `status`, other roles 403, strangers 404. */
const notebook = (status: number, allowed: Who[]): Record<Who, number> => {
  const result = { ...all(403), anonymous: 401, member: 404, admin: status };
  for (const who of allowed) result[who] = status;
  return result;
};
const READERS: Who[] = ["owner", "editor", "runner", "reviewer", "viewer"];
const RUNNERS: Who[] = ["owner", "editor", "runner"];

const fixed = (path: string, body?: unknown) => async (): Promise<Cell> => ({ path, body });

async function freshSession(world: World, who: Who): Promise<ApiClient | undefined> {
  if (who === "anonymous") return undefined;
  const user = await createUser(world.admin, who === "admin" ? "admin" : "member", "fresh");
  return signIn(world.baseUrl, user.username, PASSWORD);
}

async function freshInviteToken(world: World): Promise<string> {
  const response = await world.admin.post("/api/invites", { role: "member" });
  return response.body.token;
}

async function trashedNotebook(world: World): Promise<string> {
  const id = await world.sharedNotebook();
  await world.users.owner.client.post(`/api/notebooks/${id}/trash`);
  return id;
}

const COMMENTERS: Who[] = ["owner", "editor", "runner", "reviewer"];

/** One shared notebook with a cell per world: threads need a cell that exists in the document. */
const commented = new WeakMap<World, Promise<{ notebookId: string; cellId: string }>>();
function commentedNotebook(world: World): Promise<{ notebookId: string; cellId: string }> {
  let found = commented.get(world);
  if (!found) {
    found = (async () => {
      const notebookId = await world.sharedNotebook();
      return { notebookId, cellId: await addCell(world.users.owner.client, notebookId) };
    })();
    commented.set(world, found);
  }
  return found;
}

/** A fresh thread opened by the owner (resolved when asked); returns its path. */
async function matrixThread(world: World, resolved: boolean): Promise<string> {
  const { notebookId, cellId } = await commentedNotebook(world);
  const created = await world.users.owner.client.post(`/api/notebooks/${notebookId}/comments`, { cellId, body: "Matrix" });
  const path = `/api/notebooks/${notebookId}/comments/${created.body.thread.id}`;
  if (resolved) await world.users.owner.client.post(`${path}/resolve`);
  return path;
}

export const MATRIX: Record<string, Entry> = {
  "GET /api/health": { prepare: fixed("/api/health"), expect: all(200) },
  "GET /api/auth/setup": { prepare: fixed("/api/auth/setup"), expect: all(200) },
  "POST /api/auth/signup": {
    prepare: async (world, who) => ({
      path: "/api/auth/signup",
      body: { username: uniqueName("late"), name: "Late", password: PASSWORD },
      as: world.clientFor(who).clone(),
    }),
    expect: all(403),
  },
  "POST /api/auth/login": {
    prepare: async (world, who) => ({
      path: "/api/auth/login",
      body: { username: world.users.viewer.username, password: PASSWORD },
      as: world.clientFor(who).clone(),
    }),
    expect: all(200),
  },
  "POST /api/auth/logout": {
    prepare: async (world, who) => ({ path: "/api/auth/logout", as: await freshSession(world, who) }),
    expect: signedIn(204),
  },
  "GET /api/auth/session": { prepare: fixed("/api/auth/session"), expect: signedIn(200) },
  "POST /api/auth/password": {
    prepare: async (world, who) => ({
      path: "/api/auth/password",
      body: { currentPassword: PASSWORD, newPassword: "another long password" },
      as: await freshSession(world, who),
    }),
    expect: signedIn(204),
  },
  "GET /api/tokens": { prepare: fixed("/api/tokens"), expect: signedIn(200) },
  "POST /api/tokens": { prepare: fixed("/api/tokens", { name: "matrix" }), expect: signedIn(201) },
  "DELETE /api/tokens/[tokenId]": {
    prepare: async (world, who) => {
      const owner = who === "anonymous" ? world.admin : world.clientFor(who);
      const created = await owner.post("/api/tokens", { name: "to revoke" });
      return { path: `/api/tokens/${created.body.token.id}` };
    },
    expect: signedIn(204),
  },
  "GET /api/users": { prepare: fixed("/api/users"), expect: signedIn(200) },
  "POST /api/users": {
    prepare: async () => ({ path: "/api/users", body: { username: uniqueName("made"), name: "Made", password: PASSWORD } }),
    expect: adminOnly(201),
  },
  "PATCH /api/users/[userId]": {
    prepare: async (world) => {
      const target = await world.admin.post("/api/users", { username: uniqueName("target"), name: "Target", password: PASSWORD });
      return { path: `/api/users/${target.body.user.id}`, body: { disabled: true } };
    },
    expect: adminOnly(200),
  },
  "GET /api/invites": { prepare: fixed("/api/invites"), expect: adminOnly(200) },
  "POST /api/invites": { prepare: fixed("/api/invites", { role: "member" }), expect: adminOnly(201) },
  "DELETE /api/invites/[inviteId]": {
    prepare: async (world) => {
      const created = await world.admin.post("/api/invites", { role: "member" });
      return { path: `/api/invites/${created.body.invite.id}` };
    },
    expect: adminOnly(204),
  },
  "GET /api/invitations/[token]": {
    prepare: async (world) => ({ path: `/api/invitations/${await freshInviteToken(world)}` }),
    expect: all(200),
  },
  "POST /api/invitations/[token]": {
    prepare: async (world, who) => ({
      path: `/api/invitations/${await freshInviteToken(world)}`,
      body: { username: uniqueName("invited"), name: "Invited", password: PASSWORD },
      as: world.clientFor(who).clone(),
    }),
    expect: all(201),
  },
  "GET /api/notebooks": { prepare: fixed("/api/notebooks"), expect: signedIn(200) },
  "POST /api/notebooks": { prepare: fixed("/api/notebooks", { name: "Matrix notebook" }), expect: signedIn(201) },
  "GET /api/notebooks/[notebookId]": {
    prepare: async (world) => ({ path: `/api/notebooks/${await world.sharedNotebook()}` }),
    expect: notebook(200, READERS),
  },
  "PATCH /api/notebooks/[notebookId]": {
    prepare: async (world) => ({ path: `/api/notebooks/${await world.sharedNotebook()}`, body: { name: "Renamed" } }),
    expect: notebook(200, ["owner", "editor"]),
  },
  "DELETE /api/notebooks/[notebookId]": {
    prepare: async (world) => ({ path: `/api/notebooks/${await trashedNotebook(world)}` }),
    expect: notebook(204, ["owner"]),
  },
  "POST /api/notebooks/[notebookId]/trash": {
    prepare: async (world) => ({ path: `/api/notebooks/${await world.sharedNotebook()}/trash` }),
    expect: notebook(200, ["owner"]),
  },
  "POST /api/notebooks/[notebookId]/restore": {
    prepare: async (world) => ({ path: `/api/notebooks/${await trashedNotebook(world)}/restore` }),
    expect: notebook(200, ["owner"]),
  },
  "GET /api/notebooks/[notebookId]/members": {
    prepare: async (world) => ({ path: `/api/notebooks/${await world.sharedNotebook()}/members` }),
    expect: notebook(200, READERS),
  },
  "PUT /api/notebooks/[notebookId]/members": {
    prepare: async (world) => {
      const target = await createUser(world.admin, "member", "grantee");
      return { path: `/api/notebooks/${await world.sharedNotebook()}/members`, body: { userId: target.id, role: "viewer" } };
    },
    expect: notebook(200, ["owner"]),
  },
  "DELETE /api/notebooks/[notebookId]/members/[userId]": {
    prepare: async (world) => {
      const id = await world.sharedNotebook();
      const target = await createUser(world.admin, "member", "revokee");
      await grant(world.users.owner.client, id, target.id, "viewer");
      return { path: `/api/notebooks/${id}/members/${target.id}` };
    },
    expect: notebook(204, ["owner"]),
  },
  // Comments and live notebook events (collaboration issue, item 5).
  "GET /api/notebooks/[notebookId]/comments": {
    prepare: async (world) => ({ path: `/api/notebooks/${(await commentedNotebook(world)).notebookId}/comments` }),
    expect: notebook(200, READERS),
  },
  "POST /api/notebooks/[notebookId]/comments": {
    prepare: async (world) => {
      const { notebookId, cellId } = await commentedNotebook(world);
      return { path: `/api/notebooks/${notebookId}/comments`, body: { cellId, body: "Matrix thread" } };
    },
    expect: notebook(201, COMMENTERS),
  },
  "POST /api/notebooks/[notebookId]/comments/[threadId]/replies": {
    prepare: async (world) => ({ path: `${await matrixThread(world, false)}/replies`, body: { body: "Matrix reply" } }),
    expect: notebook(201, COMMENTERS),
  },
  "POST /api/notebooks/[notebookId]/comments/[threadId]/resolve": {
    prepare: async (world) => ({ path: `${await matrixThread(world, false)}/resolve` }),
    expect: notebook(200, COMMENTERS),
  },
  "POST /api/notebooks/[notebookId]/comments/[threadId]/reopen": {
    prepare: async (world) => ({ path: `${await matrixThread(world, true)}/reopen` }),
    expect: notebook(200, COMMENTERS),
  },
  "GET /api/notebooks/[notebookId]/events": {
    prepare: async (world) => ({ path: `/api/notebooks/${(await commentedNotebook(world)).notebookId}/events` }),
    expect: notebook(200, READERS),
  },
  // Versions and import/export (collaboration issue, items 6 and 8).
  "GET /api/notebooks/[notebookId]/versions": {
    prepare: async (world) => ({ path: `/api/notebooks/${await world.sharedNotebook()}/versions` }),
    expect: notebook(200, READERS),
  },
  "POST /api/notebooks/[notebookId]/versions": {
    prepare: async (world) => ({ path: `/api/notebooks/${await world.sharedNotebook()}/versions`, body: { name: "Matrix version" } }),
    expect: notebook(201, ["owner", "editor"]),
  },
  "GET /api/notebooks/[notebookId]/versions/[versionId]/diff": {
    prepare: async (world) => {
      const { notebookId, versionId } = await notebookWithVersion(world);
      return { path: `/api/notebooks/${notebookId}/versions/${versionId}/diff?against=current` };
    },
    expect: notebook(200, READERS),
  },
  "POST /api/notebooks/[notebookId]/versions/[versionId]/restore": {
    prepare: async (world) => {
      const { notebookId, versionId } = await notebookWithVersion(world);
      return { path: `/api/notebooks/${notebookId}/versions/${versionId}/restore` };
    },
    expect: notebook(200, ["owner", "editor"]),
  },
  "GET /api/notebooks/[notebookId]/export": {
    prepare: async (world) => ({ path: `/api/notebooks/${await world.sharedNotebook()}/export?format=ipynb` }),
    expect: notebook(200, READERS),
  },
  "POST /api/notebooks/import": {
    prepare: fixed("/api/notebooks/import", { name: "Imported", format: "percent", content: "// %%\nconst x = 1;\n" }),
    expect: signedIn(201),
  },
  "POST /api/notebooks/[notebookId]/import": {
    prepare: async (world) => ({
      path: `/api/notebooks/${await world.sharedNotebook()}/import`,
      body: { format: "percent", content: "// %% [markdown]\n// # Replaced\n" },
    }),
    expect: notebook(200, ["owner", "editor"]),
  },
  // The kernel (execution API). Runs of an empty notebook start no kernel, so the matrix stays cheap.
  "POST /api/notebooks/[notebookId]/run": {
    prepare: async (world) => ({ path: `/api/notebooks/${await world.sharedNotebook()}/run`, body: { scope: "all" } }),
    expect: notebook(202, RUNNERS),
  },
  "GET /api/notebooks/[notebookId]/kernel": {
    prepare: async (world) => ({ path: `/api/notebooks/${await world.sharedNotebook()}/kernel` }),
    expect: notebook(200, READERS),
  },
  "POST /api/notebooks/[notebookId]/kernel/interrupt": {
    prepare: async (world) => ({ path: `/api/notebooks/${await world.sharedNotebook()}/kernel/interrupt` }),
    expect: notebook(200, RUNNERS),
  },
  "POST /api/notebooks/[notebookId]/kernel/restart": {
    prepare: async (world) => ({ path: `/api/notebooks/${await world.sharedNotebook()}/kernel/restart` }),
    expect: notebook(200, RUNNERS),
  },
  "PUT /api/notebooks/[notebookId]/run-mode": {
    prepare: async (world) => ({ path: `/api/notebooks/${await world.sharedNotebook()}/run-mode`, body: { runMode: "lazy" } }),
    expect: notebook(200, RUNNERS),
  },
  // Notebook files (data primitives issue): readers list, editors upload and delete.
  "GET /api/notebooks/[notebookId]/files": {
    prepare: async (world) => ({ path: `/api/notebooks/${await world.sharedNotebook()}/files` }),
    expect: notebook(200, READERS),
  },
  "POST /api/notebooks/[notebookId]/files": {
    prepare: async (world) => ({ path: `/api/notebooks/${await world.sharedNotebook()}/files?name=matrix.csv`, body: "a,b\n1,2\n" }),
    expect: notebook(201, ["owner", "editor"]),
  },
  "DELETE /api/notebooks/[notebookId]/files/[name]": {
    prepare: async (world) => {
      const notebookId = await world.sharedNotebook();
      const uploaded = await world.users.owner.client.post(`/api/notebooks/${notebookId}/files?name=matrix.csv`, "a\n1\n");
      if (uploaded.status !== 201) throw new Error(`upload failed: ${JSON.stringify(uploaded.body)}`);
      return { path: `/api/notebooks/${notebookId}/files/matrix.csv` };
    },
    expect: notebook(204, ["owner", "editor"]),
  },
  "GET /api/workspace/kernel-settings": { prepare: fixed("/api/workspace/kernel-settings"), expect: signedIn(200) },
  "PUT /api/workspace/kernel-settings": {
    prepare: fixed("/api/workspace/kernel-settings", { maxKernels: 64 }),
    expect: adminOnly(200),
  },
  // Workspace connections (data.query): everyone signed in sees them masked, admins add and remove.
  "GET /api/workspace/connections": { prepare: fixed("/api/workspace/connections"), expect: signedIn(200) },
  "POST /api/workspace/connections": {
    prepare: async () => ({ path: "/api/workspace/connections", body: { name: uniqueName("conn"), url: "postgres://reader:pw@127.0.0.1:5432/matrix" } }),
    expect: adminOnly(201),
  },
  "DELETE /api/workspace/connections/[connectionId]": {
    prepare: async (world) => {
      const created = await world.admin.post("/api/workspace/connections", { name: uniqueName("conn"), url: "postgres://reader:pw@127.0.0.1:5432/matrix" });
      if (created.status !== 201) throw new Error(`connection not created: ${JSON.stringify(created.body)}`);
      return { path: `/api/workspace/connections/${created.body.connection.id}` };
    },
    expect: adminOnly(204),
  },
  "GET /api/kernel/types": { prepare: fixed("/api/kernel/types"), expect: signedIn(200) },
  // Lineage (data primitives issue, item 1). Nothing records lineage over HTTP yet: a notebook's
  // (empty) graph follows the notebook's read permission, and an unknown run is 404 for everyone.
  "GET /api/lineage/graph": {
    prepare: async (world) => ({ path: `/api/lineage/graph?kind=notebook&id=${await world.sharedNotebook()}&direction=both&depth=2` }),
    expect: notebook(200, READERS),
  },
  "GET /api/lineage/runs/[runId]/openlineage": {
    prepare: fixed("/api/lineage/runs/00000000-0000-4000-8000-000000000000/openlineage"),
    expect: signedIn(404),
  },
  // Experiment tracking (training issue, item 2). Experiments are workspace-wide names; a run
  // follows its notebook: readers read it, runners (owner, editor, runner) log to it.
  "GET /api/experiments": { prepare: fixed("/api/experiments"), expect: signedIn(200) },
  "GET /api/experiments/[experimentId]": {
    prepare: async (world) => ({ path: `/api/experiments/${(await matrixRun(world)).experimentId}` }),
    expect: signedIn(200),
  },
  "GET /api/experiments/[experimentId]/runs": {
    prepare: async (world) => ({ path: `/api/experiments/${(await matrixRun(world)).experimentId}/runs?filter=${encodeURIComponent("metrics.loss < 1")}&orderBy=metrics.loss%20DESC` }),
    expect: signedIn(200),
  },
  "POST /api/experiments/runs": {
    prepare: async (world) => ({ path: "/api/experiments/runs", body: { experiment: "Matrix experiment", notebookId: await world.sharedNotebook() } }),
    expect: notebook(201, RUNNERS),
  },
  "GET /api/experiments/runs/[runId]": {
    prepare: async (world) => ({ path: `/api/experiments/runs/${(await matrixRun(world)).id}` }),
    expect: notebook(200, READERS),
  },
  "GET /api/experiments/runs/[runId]/metrics": {
    prepare: async (world) => ({ path: `/api/experiments/runs/${(await matrixRun(world)).id}/metrics?key=loss` }),
    expect: notebook(200, READERS),
  },
  "GET /api/experiments/runs/[runId]/artifacts": {
    prepare: async (world) => ({ path: `/api/experiments/runs/${(await matrixRun(world)).id}/artifacts?path=report.txt` }),
    expect: notebook(200, READERS),
  },
  "PUT /api/experiments/runs/[runId]/artifacts": {
    prepare: async (world, who) => ({ path: `/api/experiments/runs/${(await matrixRun(world)).id}/artifacts?path=${who}.json`, body: { who } }),
    expect: notebook(201, RUNNERS),
  },
  "POST /api/experiments/runs/[runId]/log": {
    prepare: async (world) => ({ path: `/api/experiments/runs/${(await matrixRun(world)).id}/log`, body: { metrics: [{ key: "loss", value: 0.5, step: 1 }] } }),
    expect: notebook(204, RUNNERS),
  },
  "POST /api/experiments/runs/[runId]/inputs": {
    prepare: async (world) => ({
      path: `/api/experiments/runs/${(await matrixRun(world)).id}/inputs`,
      body: { dataset: { name: "matrix", digest: "d1" }, context: "training" },
    }),
    expect: notebook(201, RUNNERS),
  },
  "POST /api/experiments/runs/[runId]/end": {
    prepare: async (world) => ({ path: `/api/experiments/runs/${(await matrixRun(world, true)).id}/end`, body: { status: "FINISHED" } }),
    expect: notebook(200, RUNNERS),
  },
  // Datasets (data primitives issue, item 5): names are workspace-wide, so every signed-in caller may
  // list them; versions follow their notebook (covered in test/datasets.test.ts). An unknown id is 404.
  "GET /api/datasets": { prepare: fixed("/api/datasets?q=matrix"), expect: signedIn(200) },
  "GET /api/datasets/[datasetId]": {
    prepare: fixed("/api/datasets/00000000-0000-4000-8000-000000000000"),
    expect: signedIn(404),
  },
  // The catch-all answers unknown API paths with a JSON 404 for everyone.
  "GET /api/[[...path]]": { prepare: fixed("/api/no/such/route"), expect: all(404) },
  "POST /api/[[...path]]": { prepare: fixed("/api/no/such/route", {}), expect: all(404) },
  "PUT /api/[[...path]]": { prepare: fixed("/api/no/such/route", {}), expect: all(404) },
  "PATCH /api/[[...path]]": { prepare: fixed("/api/no/such/route", {}), expect: all(404) },
  "DELETE /api/[[...path]]": { prepare: fixed("/api/no/such/route"), expect: all(404) },
};

/** A RUNNING run in a shared notebook with a metric and a file, made by its owner: one per world, or a fresh one. */
const matrixRuns = new WeakMap<World, Promise<{ id: string; experimentId: string }>>();
function matrixRun(world: World, fresh = false): Promise<{ id: string; experimentId: string }> {
  let found = fresh ? undefined : matrixRuns.get(world);
  if (!found) {
    found = (async () => {
      const owner = world.users.owner.client;
      const created = await owner.post("/api/experiments/runs", { experiment: "Matrix experiment", notebookId: await world.sharedNotebook() });
      if (created.status !== 201) throw new Error(`run create failed: ${JSON.stringify(created.body)}`);
      const run = created.body.run as { id: string; experimentId: string };
      await owner.post(`/api/experiments/runs/${run.id}/log`, { metrics: [{ key: "loss", value: 0.25 }] });
      await owner.request("PUT", `/api/experiments/runs/${run.id}/artifacts?path=report.txt&mediaType=text/plain`, undefined, { raw: "matrix report", headers: { "content-type": "text/plain" } });
      return run;
    })();
    if (!fresh) matrixRuns.set(world, found);
  }
  return found;
}

async function notebookWithVersion(world: World): Promise<{ notebookId: string; versionId: string }> {
  const notebookId = await world.sharedNotebook();
  const created = await world.users.owner.client.post(`/api/notebooks/${notebookId}/versions`, { name: "Matrix version" });
  if (created.status !== 201) throw new Error(`version create failed: ${JSON.stringify(created.body)}`);
  return { notebookId, versionId: created.body.version.id };
}

export async function buildWorld(admin: ApiClient, baseUrl: string): Promise<World> {
  const [member, owner, editor, runner, reviewer, viewer] = await Promise.all(
    (["member", "owner", "editor", "runner", "reviewer", "viewer"] as const).map((who) => createUser(admin, "member", who)),
  );
  const users = { member: member!, owner: owner!, editor: editor!, runner: runner!, reviewer: reviewer!, viewer: viewer! };
  const anonymous = new ApiClient(baseUrl);
  return {
    admin,
    users,
    baseUrl,
    clientFor: (who) => (who === "anonymous" ? anonymous : who === "admin" ? admin : users[who].client),
    async sharedNotebook() {
      const id = await createNotebook(users.owner.client, "Matrix notebook");
      for (const role of ["editor", "runner", "reviewer", "viewer"] as const) {
        await grant(users.owner.client, id, users[role].id, role);
      }
      return id;
    },
  };
}
