import { afterAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { cellSource, insertCell } from "../collab/doc";
import { connectDoc, waitFor, waitSynced, type DocClient } from "./collab-client";
import { sharedNotebook } from "./collab-world";
import { malformedFrames, type FuzzFrame } from "./frame-fuzzer";
import { seededRandom, testSeed } from "./random";
import { testServers } from "./world";

const FRAMES = 10_000;
const PARALLEL = 24;
/** A sync step 1 with an empty state vector: the server answers it with sync step 2 (0, 1, ...). */
const PROBE = Uint8Array.from([0, 0, 1, 0]);

interface Outcome {
  kind: string;
  expect: FuzzFrame["expect"];
  /** The close code, or "open" when the server answered the probe sent after the frame. */
  result: number | "open";
}

/** Opens a raw connection, sends one frame and a probe, and reports what the server did. */
function sendFrame(url: string, token: string, fuzz: FuzzFrame): Promise<Outcome> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers: { authorization: `Bearer ${token}` } });
    let done = false;
    const finish = (result: Outcome["result"]) => {
      if (done) return;
      done = true;
      resolve({ kind: fuzz.kind, expect: fuzz.expect, result });
      if (result === "open") ws.close();
    };
    ws.on("open", () => {
      ws.send(fuzz.data, { binary: typeof fuzz.data !== "string" });
      ws.send(PROBE);
    });
    ws.on("message", (data: Buffer) => {
      if (data[0] === 0 && data[1] === 1) finish("open");
    });
    ws.on("unexpected-response", (_request, response) => finish(-(response.statusCode ?? 1)));
    ws.on("close", (code) => finish(code));
    ws.on("error", () => undefined);
  });
}

// Frame handling does not depend on the store, so one server (PGlite) takes the 10,000 frames.
describe.each(testServers().slice(0, 1))("malformed frames on $name", (server) => {
  const open: DocClient[] = [];
  afterAll(() => {
    for (const client of open) client.provider.destroy();
  });

  it(`${FRAMES} malformed frames close only their own connection, with 4400`, async () => {
    const seed = testSeed(77);
    const frames = malformedFrames(seededRandom(seed), FRAMES);
    const target = await sharedNotebook(server);
    const other = await sharedNotebook(server);

    // Well-behaved clients: one pair in another room, one pair in the fuzzed room.
    const pairs = [other, target].map(({ notebookId, owner }) => {
      const writer = connectDoc(server.url, notebookId, owner.token);
      const reader = connectDoc(server.url, notebookId, owner.token);
      open.push(writer, reader);
      return { writer, reader };
    });
    await Promise.all(pairs.flatMap((p) => [waitSynced(p.writer), waitSynced(p.reader)]));
    const cells = pairs.map((p) => insertCell(p.writer.doc, 0, { source: "" }));
    let fuzzing = true;
    let rounds = 0;
    // Keeps typing in both rooms while the fuzzer runs; every keystroke must arrive.
    const typing = (async () => {
      while (fuzzing) {
        rounds += 1;
        pairs.forEach((p, i) => cellSource(p.writer.doc, cells[i]!)!.insert(0, "x"));
        await waitFor(
          () => pairs.every((p, i) => cellSource(p.reader.doc, cells[i]!)?.length === rounds),
          () => `round ${rounds} to reach the readers`,
          20_000,
        );
        const health = await fetch(`${server.url}/api/health`);
        expect(health.status).toBe(200);
        await health.text();
      }
    })();

    const outcomes: Outcome[] = [];
    const url = `${server.url.replace(/^http/, "ws")}/collab/${target.notebookId}`;
    let next = 0;
    try {
      await Promise.all(
        Array.from({ length: PARALLEL }, async () => {
          while (next < frames.length) outcomes.push(await sendFrame(url, target.owner.token, frames[next++]!));
        }),
      );
    } finally {
      fuzzing = false;
      await typing;
    }

    expect(outcomes).toHaveLength(FRAMES);
    const wrong = outcomes.filter((o) => (o.expect === "always-malformed" ? o.result !== 4400 : o.result !== 4400 && o.result !== "open"));
    expect(wrong.slice(0, 10), `seed ${seed}`).toEqual([]);
    // Nearly all of them really were malformed.
    expect(outcomes.filter((o) => o.result === 4400).length).toBeGreaterThan(FRAMES * 0.9);
    expect(rounds).toBeGreaterThan(3);
    for (const p of pairs) {
      expect(p.writer.closes).toEqual([]);
      expect(p.reader.closes).toEqual([]);
    }
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  }, 240_000);
});
