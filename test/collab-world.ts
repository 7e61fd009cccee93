import * as Y from "yjs";
import { cellIds, cellsOf, readCells } from "../collab/doc";
import type { ApiClient } from "./client";
import type { TestServer } from "./global-setup";
import { storedCovers } from "./collab-client";
import { adminClient, createNotebook, createUser, grant, type TestUser } from "./world";
import type { NotebookRole } from "../protocol/roles";

/** Creates an API token for the signed-in client and returns its secret. */
export async function apiToken(client: ApiClient, name = "collab test"): Promise<string> {
  const response = await client.post("/api/tokens", { name });
  if (response.status !== 201) throw new Error(`token creation failed: ${JSON.stringify(response.body)}`);
  return response.body.secret as string;
}

export interface Member extends TestUser {
  role: NotebookRole;
  token: string;
}

/**
 * A notebook owned by a fresh user, with one more member per role asked
 * for, each holding an API token for `/collab`.
 */
export async function sharedNotebook(server: TestServer, roles: NotebookRole[] = []) {
  const admin = await adminClient(server);
  const ownerUser = await createUser(admin, "member", "owner");
  const notebookId = await createNotebook(ownerUser.client, "Collab test");
  const owner: Member = { ...ownerUser, role: "owner", token: await apiToken(ownerUser.client) };
  const members: Member[] = [];
  for (const role of roles) {
    const user = await createUser(admin, "member", role);
    await grant(owner.client, notebookId, user.id, role);
    members.push({ ...user, role, token: await apiToken(user.client) });
  }
  return { admin, notebookId, owner, members };
}

const vectorOf = (doc: Y.Doc) => Y.decodeStateVector(Y.encodeStateVector(doc));

export function sameStateVector(a: Y.Doc, b: Y.Doc): boolean {
  return storedCovers(vectorOf(a), b) && storedCovers(vectorOf(b), a);
}

/** The document as comparable plain data: cells in order, plus the raw order and cell keys. */
export function contentOf(doc: Y.Doc) {
  return JSON.stringify(readCells(doc));
}

/**
 * What must hold in every notebook document: each visible cell once, every
 * stored cell visible (none orphaned), and each marker text in one cell at
 * most (a duplicated cell would repeat its marker under another id).
 */
export function notebookProblems(doc: Y.Doc, markerPattern = /#m[0-9a-z-]+#/g): string[] {
  const problems: string[] = [];
  const ids = cellIds(doc);
  if (new Set(ids).size !== ids.length) problems.push("a cell id is listed twice");
  const keys = [...cellsOf(doc).keys()].sort();
  if (JSON.stringify(keys) !== JSON.stringify([...ids].sort())) problems.push("a stored cell is not in the order");
  const owners = new Map<string, string>();
  for (const cell of readCells(doc)) {
    for (const marker of cell.source.match(markerPattern) ?? []) {
      const other = owners.get(marker);
      if (other && other !== cell.id) problems.push(`marker ${marker} is in cells ${other} and ${cell.id}`);
      owners.set(marker, cell.id);
    }
  }
  return problems;
}

/**
 * What a document holds back for missing dependencies, as a canonical string:
 * the struct ids and deleted ranges themselves, since Yjs re-encodes (merges)
 * its pending bytes whenever an update arrives, even one that adds nothing.
 */
function pendingOf(doc: Y.Doc): string {
  const structs = doc.store.pendingStructs ? Y.decodeUpdate(doc.store.pendingStructs.update).structs.map((s) => `${s.id.client}:${s.id.clock}+${s.length}`) : [];
  const ds = doc.store.pendingDs ? Y.decodeUpdate(doc.store.pendingDs).ds : null;
  const deleted: string[] = [];
  for (const [client, items] of ds?.clients ?? []) {
    // Ranges merged per client, so one range sent twice reads the same as once.
    const sorted = [...items].sort((a, b) => a.clock - b.clock);
    let start = -1;
    let end = -1;
    for (const item of sorted) {
      if (item.clock <= end) end = Math.max(end, item.clock + item.len);
      else {
        if (start >= 0) deleted.push(`${client}:${start}-${end}`);
        start = item.clock;
        end = item.clock + item.len;
      }
    }
    if (start >= 0) deleted.push(`${client}:${start}-${end}`);
  }
  return `${[...new Set(structs)].sort().join(",")}|${deleted.sort().join(",")}`;
}

/**
 * Which of `updates` the document does not fully contain: applying a
 * contained update changes nothing (no new clock, no new deletion, nothing
 * more left pending, same content).
 */
export function uncontained(doc: Y.Doc, updates: Uint8Array[]): number[] {
  const state = Y.encodeStateAsUpdate(doc);
  const unchanged = (apply: (copy: Y.Doc) => void): boolean => {
    const copy = new Y.Doc();
    Y.applyUpdate(copy, state);
    const before = { snapshot: Y.snapshot(copy), content: contentOf(copy), pending: pendingOf(copy) };
    apply(copy);
    const same =
      Y.equalSnapshots(before.snapshot, Y.snapshot(copy)) &&
      pendingOf(copy) === before.pending &&
      contentOf(copy) === before.content;
    copy.destroy();
    return same;
  };
  const all = (copy: Y.Doc) => copy.transact(() => updates.forEach((u) => Y.applyUpdate(copy, u)));
  if (unchanged(all)) return [];
  return updates.flatMap((update, index) => (unchanged((copy) => Y.applyUpdate(copy, update)) ? [] : [index]));
}
