import { describe, expect, it } from "vitest";
import type { NotebookId } from "../../protocol/ids";
import { AppError } from "../../protocol/errors";
import { createServiceDispatcher, InvalidPayloadError, type KernelServerServices } from "./services";

const NOTEBOOK = "00000000-0000-4000-8000-000000000001" as NotebookId;

function dispatcher(services: KernelServerServices) {
  const logs: string[] = [];
  const d = createServiceDispatcher(services, NOTEBOOK, (level, message) => logs.push(`${level}: ${message}`));
  return { d, logs };
}

describe("kernel service dispatcher (server side)", () => {
  it("hands events to their handler with the kernel's notebook, not one the child names", () => {
    const seen: unknown[] = [];
    const { d, logs } = dispatcher({ lineage: { events: { record: (payload, ctx) => void seen.push([payload, ctx.notebookId]) } } });
    d.event({ type: "event", service: "lineage", name: "record", payload: { notebookId: "forged" } });
    expect(seen).toEqual([[{ notebookId: "forged" }, NOTEBOOK]]);
    d.event({ type: "event", service: "lineage", name: "nope", payload: 1 });
    d.event({ type: "event", service: "toString", name: "call", payload: 1 });
    expect(logs).toHaveLength(2);
    expect(logs[0]).toMatch(/unknown service handler lineage\.nope/);
  });

  it("logs an event its handler refuses and carries on", () => {
    const { d, logs } = dispatcher({ lineage: { events: { record: () => { throw new Error("bad event"); } } } });
    d.event({ type: "event", service: "lineage", name: "record", payload: 1 });
    expect(logs[0]).toMatch(/^error: lineage\.record refused an event: Error: bad event/);
  });

  it("answers requests: values, expected errors with their code, unexpected ones as an id", async () => {
    const { d, logs } = dispatcher({
      files: {
        methods: {
          list: (_payload, ctx) => [`${ctx.notebookId}/a.csv`],
          resolve: () => { throw new AppError("not_found", "no file b.csv; uploaded: a.csv"); },
          check: () => { throw new InvalidPayloadError("name: expected a string"); },
          crash: async () => { throw new Error("disk on fire"); },
        },
      },
    });
    expect(await d.request({ type: "request", id: 1, service: "files", method: "list", payload: null })).toEqual({
      type: "response", id: 1, ok: true, value: [`${NOTEBOOK}/a.csv`],
    });
    expect(await d.request({ type: "request", id: 2, service: "files", method: "resolve", payload: null })).toEqual({
      type: "response", id: 2, ok: false, error: { code: "not_found", message: "no file b.csv; uploaded: a.csv" },
    });
    expect(await d.request({ type: "request", id: 3, service: "files", method: "check", payload: null })).toMatchObject({
      ok: false, error: { code: "invalid_payload", message: "name: expected a string" },
    });
    const crashed = await d.request({ type: "request", id: 4, service: "files", method: "crash", payload: null });
    expect(crashed).toMatchObject({ ok: false, error: { code: "internal" } });
    if (crashed.ok) throw new Error("unreachable");
    expect(crashed.error.message).not.toMatch(/disk on fire/);
    expect(logs.join("\n")).toMatch(/disk on fire/);
    expect(await d.request({ type: "request", id: 5, service: "files", method: "hasOwnProperty", payload: null })).toMatchObject({
      ok: false, error: { code: "unknown_method" },
    });
    expect(await d.request({ type: "request", id: 6, service: "nope", method: "x", payload: null })).toMatchObject({
      ok: false, error: { code: "unknown_method", message: "the server has no service method nope.x" },
    });
  });

  it("tells a request's handler who ran the cell in flight, as the server recorded it, and no one between runs", async () => {
    let actor: string | null = "user-1";
    const d = createServiceDispatcher({ sql: { methods: { whoami: (_payload, ctx) => ctx.actorId } } }, NOTEBOOK, () => {}, () => actor);
    expect(await d.request({ type: "request", id: 1, service: "sql", method: "whoami", payload: { actorId: "forged" } })).toMatchObject({ ok: true, value: "user-1" });
    actor = null;
    expect(await d.request({ type: "request", id: 2, service: "sql", method: "whoami", payload: null })).toMatchObject({ ok: true, value: null });
  });

  it("aborts requests in flight when the kernel goes away", async () => {
    let signal: AbortSignal | null = null;
    const { d } = dispatcher({
      slow: { methods: { wait: (_p, ctx) => new Promise((_resolve, reject) => { signal = ctx.signal; ctx.signal.addEventListener("abort", () => reject(new AppError("unavailable", "gone"))); }) } },
    });
    const answer = d.request({ type: "request", id: 1, service: "slow", method: "wait", payload: null });
    await Promise.resolve();
    d.close();
    expect(signal!.aborted).toBe(true);
    expect(await answer).toMatchObject({ ok: false, error: { code: "unavailable" } });
  });
});
