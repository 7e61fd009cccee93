import { describe, expect, it } from "vitest";
import type { Principal } from "../auth/index";
import { AppError } from "../protocol/errors";
import type { UserId } from "../protocol/ids";
import { EventReader } from "../test/sse";
import { createNotebookFeed, formatServerEvent, type FeedDeps } from "./feed";

const NOTEBOOK = "nb-1";
const OTHER = "nb-2";

function principal(id: string): Principal {
  return { user: { id: id as UserId, username: id, name: id, role: "member" }, via: "session" };
}

/** A feed whose access check reads `allowed` when called and answers after a short delay, like a database would. */
function setup(options: Partial<FeedDeps> = {}) {
  const allowed = new Set(["ada", "bob"]);
  const checks: string[] = [];
  const feed = createNotebookFeed({
    checkAccess: async (p) => {
      checks.push(p.user.id);
      const ok = allowed.has(p.user.id);
      await new Promise((r) => setTimeout(r, 10));
      if (!ok) throw new AppError("not_found", "notebook not found");
    },
    ...options,
  });
  async function open(user: string, notebookId = NOTEBOOK, signal?: AbortSignal) {
    const reader = new EventReader(await feed.open(principal(user), notebookId, signal));
    expect(await reader.next()).toEqual({ event: "ready", data: JSON.stringify({ notebookId }) });
    return reader;
  }
  return { feed, allowed, checks, open };
}

describe("notebook feed", () => {
  it("formats one event per message with JSON data", () => {
    expect(formatServerEvent("comment", { a: "x\ny" })).toBe('event: comment\ndata: {"a":"x\\ny"}\n\n');
  });

  it("refuses a principal who may not read the notebook, and keeps nothing", async () => {
    const { feed } = setup();
    await expect(feed.open(principal("eve"), NOTEBOOK)).rejects.toMatchObject({ code: "not_found" });
    expect(feed.count()).toBe(0);
  });

  it("delivers a notebook's events to each of its streams, and no other notebook's", async () => {
    const { feed, open } = setup();
    const ada = await open("ada");
    const bob = await open("bob");
    const elsewhere = await open("ada", OTHER);
    feed.publish(NOTEBOOK, "comment", { n: 1 });
    feed.publish(OTHER, "comment", { n: 2 });
    expect(await ada.next()).toEqual({ event: "comment", data: '{"n":1}' });
    expect(await bob.next()).toEqual({ event: "comment", data: '{"n":1}' });
    expect(await elsewhere.next()).toEqual({ event: "comment", data: '{"n":2}' });
    expect(feed.count()).toBe(3);
  });

  it("sends heartbeat comment lines while idle", async () => {
    const { feed, open } = setup({ heartbeatMs: 20 });
    const ada = await open("ada");
    await new Promise((r) => setTimeout(r, 120));
    feed.publish(NOTEBOOK, "comment", { n: 1 });
    expect(await ada.next()).toEqual({ event: "comment", data: '{"n":1}' });
    expect(ada.comments.filter((c) => c === "heartbeat").length).toBeGreaterThanOrEqual(2);
    await ada.cancel();
  });

  it("forgets a stream when the client aborts or cancels it", async () => {
    const { feed, open } = setup();
    const abort = new AbortController();
    await open("ada", NOTEBOOK, abort.signal);
    const bob = await open("bob");
    expect(feed.count()).toBe(2);
    abort.abort();
    expect(feed.count()).toBe(1);
    await bob.cancel();
    expect(feed.count()).toBe(0);
    // Publishing to nobody is fine.
    feed.publish(NOTEBOOK, "comment", {});
  });

  it("ends a revoked user's stream and never shows them what came after the revocation", async () => {
    const { feed, allowed, open } = setup();
    const ada = await open("ada");
    const bob = await open("bob");
    allowed.delete("ada");
    feed.applyAccessChange({ notebookId: NOTEBOOK, userId: "ada", reason: "revoked" });
    // Published while ada's access is being checked again.
    feed.publish(NOTEBOOK, "comment", { secret: true });
    expect(await ada.ended()).toEqual([{ event: "end", data: '{"reason":"revoked"}' }]);
    expect(await bob.next()).toEqual({ event: "comment", data: '{"secret":true}' });
    expect(feed.count()).toBe(1);
  });

  it("keeps a stream whose role changed but may still read, releasing held events", async () => {
    const { feed, checks, open } = setup();
    const ada = await open("ada");
    feed.applyAccessChange({ notebookId: NOTEBOOK, userId: "ada", reason: "granted" });
    feed.applyAccessChange({ notebookId: NOTEBOOK, userId: "bob", reason: "revoked" });
    feed.publish(NOTEBOOK, "comment", { n: 1 });
    expect(await ada.next()).toEqual({ event: "comment", data: '{"n":1}' });
    expect(checks).toEqual(["ada", "ada"]);
  });

  it("re-checks access that changes while the stream is being opened", async () => {
    const { feed, allowed } = setup();
    const opening = feed.open(principal("ada"), NOTEBOOK);
    allowed.delete("ada");
    feed.applyAccessChange({ notebookId: NOTEBOOK, userId: "ada", reason: "revoked" });
    feed.publish(NOTEBOOK, "comment", { secret: true });
    const reader = new EventReader(await opening);
    const seen = await reader.ended();
    expect(seen.map((m) => m.event)).toEqual(["ready", "end"]);
    expect(seen[1]!.data).toBe('{"reason":"revoked"}');
  });

  it("ends every stream of a trashed or deleted notebook", async () => {
    const { feed, open } = setup();
    const ada = await open("ada");
    const bob = await open("bob");
    feed.applyAccessChange({ notebookId: NOTEBOOK, userId: null, reason: "deleted" });
    expect(await ada.ended()).toEqual([{ event: "end", data: '{"reason":"deleted"}' }]);
    expect(await bob.ended()).toEqual([{ event: "end", data: '{"reason":"deleted"}' }]);
    expect(feed.count()).toBe(0);
  });

  it("ends the stream of a reader that does not keep up", async () => {
    const { feed, open } = setup({ maxQueued: 3 });
    const slow = await open("ada");
    for (let n = 0; n < 20; n++) feed.publish(NOTEBOOK, "comment", { n });
    expect(feed.count()).toBe(0);
    const rest = await slow.ended();
    expect(rest.at(-1)).toEqual({ event: "end", data: '{"reason":"overflow"}' });
    expect(rest.length).toBeLessThan(20);
  });

  it("ends every stream on shutdown", async () => {
    const { feed, open } = setup();
    const ada = await open("ada");
    feed.close();
    expect(await ada.ended()).toEqual([{ event: "end", data: '{"reason":"shutdown"}' }]);
    expect(feed.count()).toBe(0);
    await expect(feed.open(principal("bob"), NOTEBOOK)).rejects.toMatchObject({ code: "unavailable" });
  });
});
