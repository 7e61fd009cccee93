import * as encoding from "lib0/encoding";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import type { Random } from "./random";

/**
 * Malformed y-websocket frames. `always` frames can never be read as a
 * message, so the server must close with 4400; `maybe` frames are random
 * enough that a few happen to be well-formed, so either answer is allowed.
 */
export interface FuzzFrame {
  kind: string;
  data: Uint8Array | string;
  expect: "always-malformed" | "maybe-malformed";
}

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** Well-formed frames to truncate and to mutate: a sync step 1, an update, an awareness update. */
function validFrames(): Uint8Array[] {
  const doc = new Y.Doc();
  const text = doc.getText("t");
  text.insert(0, "hello world");
  text.delete(2, 3);
  doc.getMap("m").set("k", [1, 2, 3]);
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalState({ user: { name: "fuzz", color: "#123456" } });
  const update = Y.encodeStateAsUpdate(doc);
  return [
    frame((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 0), encoding.writeVarUint8Array(e, Y.encodeStateVector(doc)))),
    frame((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 2), encoding.writeVarUint8Array(e, update))),
    frame((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 1), encoding.writeVarUint8Array(e, update))),
    frame((e) => (encoding.writeVarUint(e, 1), encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID])))),
  ];
}

/** A varint that runs to the end of the frame, or one that ends too large to be a type or a length. */
function badVarint(random: Random, last: boolean): number[] {
  return last && random.chance(0.5)
    ? Array.from({ length: random.int(1, 12) }, () => 0x80 | random.int(0, 127))
    : [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f];
}

const syncFrame = (step: number, payload: Uint8Array) =>
  frame((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, step), encoding.writeVarUint8Array(e, payload)));

/** `count` frames in a fixed mix of kinds, reproducible from the random source. */
export function malformedFrames(random: Random, count: number): FuzzFrame[] {
  const valid = validFrames();
  const update = valid[1]!.subarray(3);
  const makers: Array<[number, () => FuzzFrame]> = [
    [25, () => ({ kind: "random bytes", data: random.bytes(random.int(1, 64)), expect: "maybe-malformed" })],
    [
      20,
      () => {
        const source = random.pick(valid);
        return { kind: "truncated frame", data: source.slice(0, random.int(1, source.length - 1)), expect: "always-malformed" };
      },
    ],
    [
      10,
      () => {
        const type = random.pick([0, 1]);
        const head = type === 0 ? [0, random.pick([0, 1, 2])] : [1];
        const data = random.chance(0.5) ? [...head, ...badVarint(random, true)] : [...badVarint(random, false), ...random.bytes(random.int(0, 8))];
        return { kind: "bad varint", data: Uint8Array.from(data), expect: "always-malformed" };
      },
    ],
    [
      10,
      () => {
        const mutated = Uint8Array.from(update);
        for (let i = random.int(1, 4); i > 0; i--) mutated[random.int(0, mutated.length - 1)] = random.int(0, 255);
        return { kind: "mutated update", data: syncFrame(random.pick([1, 2]), mutated), expect: "maybe-malformed" };
      },
    ],
    [10, () => ({ kind: "random update", data: syncFrame(2, random.bytes(random.int(1, 40))), expect: "maybe-malformed" })],
    [5, () => ({ kind: "random state vector", data: syncFrame(0, random.bytes(random.int(1, 24))), expect: "maybe-malformed" })],
    [
      10,
      () => ({
        kind: "random awareness",
        data: frame((e) => (encoding.writeVarUint(e, 1), encoding.writeVarUint8Array(e, random.bytes(random.int(1, 40))))),
        expect: "maybe-malformed",
      }),
    ],
    [
      5,
      () => ({
        kind: "unknown type or step",
        data: random.chance(0.5) ? Uint8Array.from([random.pick([2, 4, 5, 9, 127]), ...random.bytes(4)]) : Uint8Array.from([0, random.int(3, 100), 0]),
        expect: "always-malformed",
      }),
    ],
    [5, () => ({ kind: "text frame", data: random.text(random.int(0, 30)), expect: "always-malformed" })],
  ];
  const total = makers.reduce((n, [weight]) => n + weight, 0);
  return Array.from({ length: count }, () => {
    let roll = random.int(0, total - 1);
    for (const [weight, make] of makers) {
      if (roll < weight) return make();
      roll -= weight;
    }
    throw new Error("unreachable");
  });
}
