import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { debounce } from "./debounce";

beforeEach(() => { vi.useFakeTimers(); });
afterEach(() => { vi.useRealTimers(); });

describe("debounce", () => {
  const setup = () => {
    const calls: number[] = [];
    const d = debounce(() => calls.push(Date.now()), { waitMs: 100, maxWaitMs: 1000, now: () => Date.now() });
    return { calls, d, start: Date.now() };
  };

  it("runs once, waitMs after the last trigger of a burst", () => {
    const { calls, d, start } = setup();
    d.trigger();
    vi.advanceTimersByTime(60);
    d.trigger();
    vi.advanceTimersByTime(60);
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(40);
    expect(calls).toEqual([start + 160]);
    vi.advanceTimersByTime(1000);
    expect(calls).toHaveLength(1);
  });

  it("under steady triggers runs every maxWaitMs, not never", () => {
    const { calls, d, start } = setup();
    for (let t = 0; t < 2500; t += 10) {
      d.trigger();
      vi.advanceTimersByTime(10);
    }
    expect(calls).toEqual([start + 1000, start + 2000]);
  });

  it("cancel drops the pending call", () => {
    const { calls, d } = setup();
    d.trigger();
    d.cancel();
    vi.advanceTimersByTime(2000);
    expect(calls).toEqual([]);
  });
});
