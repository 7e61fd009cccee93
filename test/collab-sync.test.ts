import { afterAll, describe, expect, it } from "vitest";
import { cellIds, insertCell } from "../collab/doc";
import { connectDoc, readFresh, waitFor, waitSynced, type DocClient } from "./collab-client";
import { contentOf, notebookProblems, sameStateVector, sharedNotebook } from "./collab-world";
import { editRandomly } from "./notebook-edits";
import { seededRandom, testSeed } from "./random";
import { testServers } from "./world";

const CLIENTS = 20;
const STEPS = 60;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// Every provider listens for process exit; twenty of them are expected here.
process.setMaxListeners(100);

describe.each(testServers())("collaboration on $name", (server) => {
  const open: DocClient[] = [];
  afterAll(() => {
    for (const client of open) client.provider.destroy();
  });

  it(`${CLIENTS} clients editing at random with disconnects converge to one state`, async () => {
    const seed = testSeed(20_251_125);
    const { notebookId, owner, members } = await sharedNotebook(server, ["editor", "editor", "editor"]);
    const tokens = [owner.token, ...members.map((m) => m.token)];
    const clients = Array.from({ length: CLIENTS }, (_, i) => connectDoc(server.url, notebookId, tokens[i % tokens.length]!));
    open.push(...clients);
    await Promise.all(clients.map((c) => waitSynced(c)));
    for (let i = 0; i < 5; i++) insertCell(clients[0]!.doc, i, { source: `#mseed-${i}# cell ${i}` });
    await waitFor(() => clients.every((c) => cellIds(c.doc).length === 5), "every client to see the first cells");

    await Promise.all(
      clients.map(async (client, index) => {
        const random = seededRandom(seed + index);
        const counter = { n: 0 };
        for (let step = 0; step < STEPS; step++) {
          await sleep(random.int(0, 25));
          if (random.chance(0.05)) {
            // Offline for a while, still editing: the edits sync on reconnect.
            client.provider.disconnect();
            const offlineEdits = random.int(0, 4);
            for (let k = 0; k < offlineEdits; k++) {
              await sleep(random.int(5, 60));
              editRandomly(client.doc, random, `${index}`, counter);
            }
            client.provider.connect();
          }
          editRandomly(client.doc, random, `${index}`, counter);
        }
      }),
    );

    const first = clients[0]!;
    await waitFor(
      () => clients.every((c) => c.provider.synced && sameStateVector(c.doc, first.doc)),
      () => `all ${CLIENTS} clients to reach one state vector (seed ${seed})`,
      60_000,
    );
    const fresh = await readFresh(server.url, notebookId, owner.token);
    const expected = contentOf(fresh);
    for (const client of clients) {
      expect(sameStateVector(client.doc, fresh), `state vector (seed ${seed})`).toBe(true);
      expect(contentOf(client.doc), `content (seed ${seed})`).toBe(expected);
    }
    expect(notebookProblems(fresh), `seed ${seed}`).toEqual([]);
    expect(cellIds(fresh).length).toBeGreaterThan(3);
  }, 180_000);
});
