import * as Y from "yjs";
import { cellSource, insertCell } from "../collab/doc";
import { connectDoc, waitFor } from "../test/collab-client";
import { createTestDatabase } from "../test/databases";
import { startBenchServer } from "./collab-server";
import { connectHocuspocus, startHocuspocus } from "./hocuspocus";
import { median, percentile, processCpuMs, sleep } from "./stats";

/**
 * Broadcast latency: 50 rooms of 4 clients, each client typing a small
 * insert 20 times a second; latency is the time from a client's edit to
 * each other client of its room having it, measured in this process (one
 * clock). The same clients, rooms and rates run against Hocuspocus 4 (its
 * own provider; it frames messages with the document name, which
 * y-websocket does not speak) with its Database extension on the same
 * store, in the same run: both servers run side by side, each with its own
 * 200 clients, and take turns in 2 s windows. Goal: our p99 no worse than
 * Hocuspocus's.
 */

const ROOMS = 50;
const CLIENTS_PER_ROOM = 4;
const UPDATES_PER_SECOND = 20;
/** Unmeasured typing before each window, so every client is in step. */
const WARMUP_MS = 500;
/**
 * Before each server's first window, longer: a fresh process is still
 * compiling its hot paths, and a first window measured from a cold start
 * compared how fast each server warms up, not how fast it delivers.
 */
const FIRST_WARMUP_MS = 3_000;
const WINDOW_MS = 2_000;

interface Client {
  doc: Y.Doc;
  synced(): boolean;
  destroy(): void;
}

interface Result {
  p50: number;
  p99: number;
  samples: number;
  lost: number;
  /**
   * Inserts each client sent per second while measured. Below
   * UPDATES_PER_SECOND, this process could not keep to its schedule: the
   * load was lighter than stated.
   */
  sendRate: number;
  /** The server process's CPU time per second of measuring, in ms; null off Linux. */
  serverCpu: number | null;
  /** p99 of each measured window, in order. */
  windowP99s: number[];
}

/** Every client of every room connected and holding the room's cell. */
async function openRooms(connect: (room: number, doc: Y.Doc) => Client): Promise<{ rooms: Client[][]; cellIds: string[] }> {
  const rooms: Client[][] = [];
  for (let room = 0; room < ROOMS; room++) {
    rooms.push(Array.from({ length: CLIENTS_PER_ROOM }, () => connect(room, new Y.Doc())));
  }
  const all = rooms.flat();
  await waitFor(() => all.every((c) => c.synced()), () => `${all.filter((c) => !c.synced()).length} clients to sync`, 60_000);
  const cellIds = rooms.map((clients) => insertCell(clients[0]!.doc, 0, { source: "" }));
  await waitFor(
    () => rooms.every((clients, i) => clients.every((c) => cellSource(c.doc, cellIds[i]!) !== undefined)),
    "every client to have its room's cell",
    30_000,
  );
  return { rooms, cellIds };
}

/**
 * Tagged inserts on every client of a server's rooms, switched on for one
 * window at a time; arrivals at the other clients of the room are timed.
 */
function createLoad(rooms: Client[][], cellIds: string[], serverPid: number) {
  let cpuMs: number | null = 0;
  let cpuAt: number | null = null;
  let measuredMs = 0;
  let measureStarted = 0;
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  /** Where each window's latencies start in `latencies`. */
  const windowStarts: number[] = [];
  let expected = 0;
  let sent = 0;
  let delivered = 0;
  let timers: NodeJS.Timeout[] = [];
  let measuring = false;
  const senders: Array<() => void> = [];
  rooms.forEach((clients, room) => {
    clients.forEach((client, index) => {
      const me = `${room * CLIENTS_PER_ROOM + index}.`;
      const text = cellSource(client.doc, cellIds[room]!)!;
      client.doc.on("afterTransaction", (transaction: Y.Transaction) => {
        if (transaction.local) return;
        const now = performance.now();
        for (const inserted of insertedStrings(client.doc, transaction)) {
          for (const tag of inserted.split(";")) {
            if (!tag || tag.startsWith(me)) continue;
            const at = sentAt.get(tag);
            if (at === undefined) continue;
            latencies.push(now - at);
            delivered += 1;
          }
        }
      });
      let seq = 0;
      senders.push(() => {
        const tag = `${me}${seq++}`;
        if (measuring) {
          sentAt.set(tag, performance.now());
          expected += CLIENTS_PER_ROOM - 1;
          sent += 1;
        }
        // At the start, not the end: a remote transaction clears Yjs's search
        // markers, so an insert by index at the end walks the whole text, and
        // with 200 clients in this one process that walk was a fifth of its
        // time and grew with the run (in a 20 s run it sent 55% of the
        // stated load). Both servers integrate an insert by its neighbours'
        // ids, not by index, so their work is the same either way.
        text.insert(0, `${tag};`);
      });
    });
  });
  const period = 1000 / UPDATES_PER_SECOND;
  return {
    /**
     * Every client typing, each at its own phase, on a fixed schedule: a
     * send that fires late does not push the later ones back (as
     * setInterval's would), so a moment of lag in this process does not
     * lighten the load for the rest of the window.
     */
    start() {
      const startedAt = performance.now();
      timers = senders.map((send, i) => {
        const phase = Math.random() * period;
        let ticks = 0;
        const tick = () => {
          send();
          ticks += 1;
          timers[i] = setTimeout(tick, Math.max(0, startedAt + phase + ticks * period - performance.now()));
        };
        return setTimeout(tick, phase);
      });
    },
    measure(on: boolean) {
      measuring = on;
      const cpu = processCpuMs(serverPid);
      if (on) {
        cpuAt = cpu;
        measureStarted = performance.now();
        windowStarts.push(latencies.length);
        return;
      }
      measuredMs += performance.now() - measureStarted;
      cpuMs = cpu === null || cpuAt === null || cpuMs === null ? null : cpuMs + cpu - cpuAt;
    },
    /** Stops typing and waits (a while) for what was sent to arrive. */
    async stop() {
      for (const timer of timers) clearTimeout(timer);
      timers = [];
      const deadline = Date.now() + 5_000;
      while (delivered < expected && Date.now() < deadline) await sleep(20);
    },
    result(): Result {
      return {
        p50: percentile(latencies, 0.5),
        p99: percentile(latencies, 0.99),
        samples: latencies.length,
        lost: expected - delivered,
        sendRate: sent / senders.length / (measuredMs / 1000),
        serverCpu: cpuMs === null ? null : (cpuMs / measuredMs) * 1000,
        // Arrivals after a window closed still count to it: they were sent in it.
        windowP99s: windowStarts.map((start, i) => percentile(latencies.slice(start, windowStarts[i + 1] ?? latencies.length), 0.99)),
      };
    },
  };
}

type Load = ReturnType<typeof createLoad>;

/**
 * Both servers take turns: windows of WINDOW_MS each, alternating, until
 * each had `seconds` measured; so a noisy spell on this machine lands on
 * both, not on whichever ran second.
 */
async function alternate(loads: Load[], seconds: number): Promise<void> {
  for (let measured = 0; measured < seconds * 1000; measured += WINDOW_MS) {
    for (const load of loads) {
      load.start();
      await sleep(measured === 0 ? FIRST_WARMUP_MS : WARMUP_MS);
      load.measure(true);
      await sleep(WINDOW_MS);
      load.measure(false);
      await load.stop();
    }
  }
}

/**
 * The strings a remote transaction inserted, read from the structs it added
 * (a text event's delta would walk the whole text on every arrival, and the
 * measuring would cost more than what it measures).
 */
function insertedStrings(doc: Y.Doc, transaction: Y.Transaction): string[] {
  const strings: string[] = [];
  for (const [client, after] of transaction.afterState) {
    const before = transaction.beforeState.get(client) ?? 0;
    if (after <= before) continue;
    const structs = doc.store.clients.get(client) ?? [];
    for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
      const struct = structs[i]!;
      if (struct.id.clock >= after) break;
      if (struct instanceof Y.Item && struct.content instanceof Y.ContentString) {
        strings.push(struct.content.str.slice(Math.max(0, before - struct.id.clock)));
      }
    }
  }
  return strings;
}

interface Side {
  load: Load;
  close(): Promise<void>;
}

async function openOurs(env: Record<string, string>): Promise<Side> {
  const server = await startBenchServer(env);
  try {
    const notebookIds: string[] = [];
    for (let i = 0; i < ROOMS; i++) notebookIds.push(await server.createNotebook(`broadcast ${i}`));
    const { rooms, cellIds } = await openRooms((room, doc) => {
      // Asking for the stored state vector, as the editor does to show "saved".
      const client = connectDoc(server.url, notebookIds[room]!, server.token, { doc, storedState: true });
      return { doc, synced: () => client.provider.synced, destroy: () => client.provider.destroy() };
    });
    return { load: createLoad(rooms, cellIds, server.process.child.pid!), close: () => closeAll(rooms, server.stop) };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

async function openHocuspocus(databaseUrl: string | undefined): Promise<Side> {
  const server = await startHocuspocus(databaseUrl);
  try {
    const { rooms, cellIds } = await openRooms((room, doc) => {
      const client = connectHocuspocus(server.url, `broadcast-${room}`, doc);
      return { doc, synced: () => client.provider.synced, destroy: () => client.destroy() };
    });
    return { load: createLoad(rooms, cellIds, server.pid), close: () => closeAll(rooms, server.stop) };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

async function closeAll(rooms: Client[][], stop: () => Promise<unknown>): Promise<void> {
  for (const client of rooms.flat()) client.destroy();
  await stop();
}

function printResult(label: string, result: Result): void {
  const lost = result.lost > 0 ? `, ${result.lost} never arrived` : "";
  const cpu = result.serverCpu === null ? "" : `, server CPU ${result.serverCpu.toFixed(0)} ms/s`;
  const rate = `${result.sendRate.toFixed(1)} of ${UPDATES_PER_SECOND} inserts/s a client`;
  console.log(
    `${label.padEnd(34)} p50 ${result.p50.toFixed(2).padStart(7)} ms   p99 ${result.p99.toFixed(2).padStart(7)} ms   (${result.samples} deliveries${lost}, ${rate}${cpu})`,
  );
}

export async function benchCollabBroadcast(): Promise<void> {
  // y-websocket adds an exit listener per provider.
  process.setMaxListeners(2 * ROOMS * CLIENTS_PER_ROOM + 50);
  const seconds = Number(process.env.BENCH_BROADCAST_SECONDS ?? 10);
  const pgBase = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  console.log(
    `collab-broadcast: ${ROOMS} rooms x ${CLIENTS_PER_ROOM} clients, ${UPDATES_PER_SECOND} inserts/s each for ${seconds} s; ` +
      "latency from an edit to each other client of its room; goal: tracebook p99 <= hocuspocus p99",
  );
  console.log("  tracebook stores every update durably (one row per group commit) before anyone receives it;");
  console.log("  hocuspocus (Database extension, same store) broadcasts first and stores the whole document 2-10 s later.");
  // BENCH_BROADCAST_STORES=postgres (or pglite) runs one of the two.
  const wanted = (process.env.BENCH_BROADCAST_STORES ?? "postgres,pglite").toLowerCase().split(",");
  const stores = ["Postgres", "PGlite"]
    .filter((name) => wanted.includes(name.toLowerCase()) && (name !== "Postgres" || pgBase))
    .map((name) => ({ name }));
  for (const store of stores) {
    const ours = store.name === "Postgres" ? await createTestDatabase(pgBase!) : null;
    const theirs = store.name === "Postgres" ? await createTestDatabase(pgBase!) : null;
    const sides: Side[] = [];
    try {
      sides.push(await openOurs(ours ? { DATABASE_URL: ours.url } : {}));
      sides.push(await openHocuspocus(theirs?.url));
      await alternate(sides.map((side) => side.load), seconds);
      const [tracebook, hocuspocus] = sides.map((side) => side.load.result()) as [Result, Result];
      printResult(`tracebook, ${store.name}`, tracebook);
      printResult(`hocuspocus, ${store.name}`, hocuspocus);
      console.log(`${"p99 ratio tracebook / hocuspocus".padEnd(34)} ${(tracebook.p99 / hocuspocus.p99).toFixed(2)}x`);
      // Each window of ours and the Hocuspocus window right after it ran under much the same
      // conditions of this machine; a stall in one of them moves that pair only.
      const pairs = tracebook.windowP99s.map((p99, i) => p99 / hocuspocus.windowP99s[i]!);
      console.log(`${"  window by window".padEnd(34)} ${pairs.map((r) => `${r.toFixed(2)}x`).join(" ")}; median ${median(pairs).toFixed(2)}x`);
    } finally {
      for (const side of sides) await side.close();
      await ours?.drop();
      await theirs?.drop();
    }
  }
  if (!pgBase) console.log("Postgres: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)");
}
