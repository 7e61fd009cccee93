import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createCompactionScheduler } from "./compaction";
import type { Room } from "./room";

interface FakeRoom {
  notebookId: string;
  updatesSinceCompaction: number;
  destroyed: boolean;
  compactions: number;
  finish: Array<() => void>;
  compact(): Promise<void>;
}

function fakeRoom(id: string, stored: number): FakeRoom {
  const room: FakeRoom = {
    notebookId: id,
    updatesSinceCompaction: stored,
    destroyed: false,
    compactions: 0,
    finish: [],
    compact() {
      room.compactions += 1;
      return new Promise<void>((resolve) => room.finish.push(() => {
        room.updatesSinceCompaction = 0;
        resolve();
      }));
    },
  };
  return room;
}
const asRoom = (room: FakeRoom) => room as unknown as Room;

describe("compaction scheduling", () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setImmediate", "performance"] }));
  afterEach(() => vi.useRealTimers());

  it("waits for a due room to pause, however long it stays busy short of the force limit", async () => {
    const scheduler = createCompactionScheduler({ threshold: 10, isLive: () => true });
    const room = fakeRoom("a", 9);
    scheduler.noteUpdate(asRoom(room));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(room.compactions).toBe(0);
    room.updatesSinceCompaction = 10;
    for (let i = 0; i < 20; i++) {
      scheduler.noteUpdate(asRoom(room));
      await vi.advanceTimersByTimeAsync(500);
    }
    expect(room.compactions).toBe(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(room.compactions).toBe(1);
  });

  it("compacts a room that never pauses once it holds four times the threshold", async () => {
    const scheduler = createCompactionScheduler({ threshold: 10, isLive: () => true });
    const room = fakeRoom("a", 39);
    scheduler.noteUpdate(asRoom(room));
    await vi.advanceTimersByTimeAsync(10);
    expect(room.compactions).toBe(0);
    room.updatesSinceCompaction = 40;
    scheduler.noteUpdate(asRoom(room));
    await vi.advanceTimersByTimeAsync(10);
    expect(room.compactions).toBe(1);
  });

  it("runs one compaction at a time across rooms, and skips a room that left meanwhile", async () => {
    const gone = new Set<string>();
    const scheduler = createCompactionScheduler({ threshold: 10, isLive: (room) => !gone.has(room.notebookId) });
    const rooms = ["a", "b", "c"].map((id) => fakeRoom(id, 40));
    for (const room of rooms) scheduler.noteUpdate(asRoom(room));
    gone.add("c");
    await vi.advanceTimersByTimeAsync(10);
    expect(rooms.map((r) => r.compactions)).toEqual([1, 0, 0]);
    // Noted again while queued or running: still one compaction.
    scheduler.noteUpdate(asRoom(rooms[0]!));
    rooms[0]!.finish.shift()!();
    await vi.advanceTimersByTimeAsync(10);
    expect(rooms.map((r) => r.compactions)).toEqual([1, 1, 0]);
    rooms[1]!.finish.shift()!();
    await vi.advanceTimersByTimeAsync(10);
    expect(rooms.map((r) => r.compactions)).toEqual([1, 1, 0]);
  });

  it("forgets a room's pending pause when the room leaves", async () => {
    const scheduler = createCompactionScheduler({ threshold: 10, isLive: () => true });
    const room = fakeRoom("a", 10);
    scheduler.noteUpdate(asRoom(room));
    scheduler.forget(asRoom(room));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(room.compactions).toBe(0);
  });
});
