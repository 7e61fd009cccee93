import { describe, expect, it, vi } from "vitest";
import type { ChildMessage } from "./ipc";
import { createServerChannel, ServerRequestError } from "./server-channel";

function channel(accept = true) {
  const sent: ChildMessage[] = [];
  const ch = createServerChannel((message) => {
    sent.push(message);
    return accept;
  });
  return { ch, sent };
}

describe("the child's server channel", () => {
  it("sends events one-way, in call order", () => {
    const { ch, sent } = channel();
    ch.emit("lineage", "record", { n: 1 });
    ch.emit("lineage", "record", { n: 2 });
    expect(sent).toEqual([
      { type: "event", service: "lineage", name: "record", payload: { n: 1 } },
      { type: "event", service: "lineage", name: "record", payload: { n: 2 } },
    ]);
  });

  it("matches responses to their requests by id, whatever order they come back in", async () => {
    const { ch, sent } = channel();
    const a = ch.request("files", "resolve", { name: "a" });
    const b = ch.request("files", "resolve", { name: "b" });
    expect(sent.map((m) => (m.type === "request" ? m.id : 0))).toEqual([1, 2]);
    ch.receive({ type: "response", id: 2, ok: false, error: { code: "not_found", message: "no b" } });
    ch.receive({ type: "response", id: 1, ok: true, value: "/a" });
    expect(await a).toBe("/a");
    const error = await b.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerRequestError);
    expect(error).toMatchObject({ code: "not_found", message: "no b" });
    expect(ch.pending).toBe(0);
  });

  it("rejects on abort, on timeout and on close, and forgets the request", async () => {
    vi.useFakeTimers();
    try {
      const { ch } = channel();
      const controller = new AbortController();
      const aborted = ch.request("s", "m", null, { signal: controller.signal });
      controller.abort();
      await expect(aborted).rejects.toMatchObject({ code: "aborted" });
      const late = ch.request("s", "m", null, { timeoutMs: 1000 });
      vi.advanceTimersByTime(1000);
      await expect(late).rejects.toMatchObject({ code: "timeout", message: "s.m got no answer within 1000 ms" });
      const open = ch.request("s", "m", null);
      ch.close("bye");
      await expect(open).rejects.toMatchObject({ code: "closed" });
      expect(ch.pending).toBe(0);
      await expect(ch.request("s", "m", null)).rejects.toMatchObject({ code: "closed" });
      expect(() => ch.emit("s", "e", null)).toThrow(/closed/);
      // A response that comes after its request gave up is ignored.
      ch.receive({ type: "response", id: 2, ok: true, value: 1 });
    } finally {
      vi.useRealTimers();
    }
  });

  it("rejects at once when the message cannot be sent", async () => {
    const { ch } = channel(false);
    await expect(ch.request("s", "m", null)).rejects.toMatchObject({ code: "closed" });
    expect(ch.pending).toBe(0);
  });
});
