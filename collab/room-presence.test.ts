import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import * as awarenessProtocol from "y-protocols/awareness";
import type { Principal } from "../auth/index";
import type { Connection } from "./connection";
import type { DocPersistence } from "./persistence";
import { Room } from "./room";

const memory: DocPersistence = {
  load: async () => ({ parts: [], updateCount: 0 }),
  append: async () => undefined,
  compact: async () => 0,
};

function fakeConnection(id: number): Connection {
  return {
    id,
    principal: { user: { id: "u", username: "u", name: "U", role: "member" }, via: "token" } as Principal,
    readOnly: false,
    awarenessIds: new Set(),
    send: () => undefined,
    close: () => undefined,
  };
}

/** An awareness update as a client with a fixed id would send it. */
function presenceOf(clientId: number, clock: number, state: unknown): Uint8Array {
  const states = new Map([[clientId, state]]);
  const client = new awarenessProtocol.Awareness(new Y.Doc());
  client.meta.set(clientId, { clock, lastUpdated: Date.now() });
  const update = awarenessProtocol.encodeAwarenessUpdate(client, [clientId], states as Map<number, Record<string, unknown>>);
  client.destroy();
  return update;
}

describe("room presence", () => {
  it("keeps a reconnected client's presence when its old connection finally drops", async () => {
    const room = await Room.load("nb", memory);
    const old = fakeConnection(1);
    const fresh = fakeConnection(2);
    room.connections.add(old);
    awarenessProtocol.applyAwarenessUpdate(room.awareness, presenceOf(77, 1, { user: "ada" }), old);
    room.connections.add(fresh);
    awarenessProtocol.applyAwarenessUpdate(room.awareness, presenceOf(77, 2, { user: "ada", cell: "c1" }), fresh);

    room.removeConnection(old);
    expect(room.awareness.getStates().get(77)).toEqual({ user: "ada", cell: "c1" });

    room.removeConnection(fresh);
    expect(room.awareness.getStates().has(77)).toBe(false);
    room.destroy();
  });
});
