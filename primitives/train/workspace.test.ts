import { describe, expect, it } from "vitest";
import { acquireWorkspace, padWidth, Workspace } from "./workspace";

describe("workspace", () => {
  it("keeps earlier buffers when the memory grows past its first page", () => {
    const ws = new Workspace();
    const small = ws.alloc(4);
    ws.view(small, 4).set([1, 2, 3, 4]);
    ws.alloc(100_000);
    expect([...ws.view(small, 4)]).toEqual([1, 2, 3, 4]);
    expect(padWidth(5)).toBe(8);
  });

  it("reserves room up front, and allocations past it still grow the memory", () => {
    const ws = new Workspace(1_000_000);
    const big = ws.alloc(1_000_000);
    ws.view(big, 1_000_000).fill(2);
    const more = ws.alloc(300_000);
    expect(ws.view(more, 300_000).every((v) => v === 0)).toBe(true);
    expect(ws.view(big, 1_000_000)[999_999]).toBe(2);
  });

  it("hands a released workspace to the next user with every allocation zeroed again", () => {
    const first = acquireWorkspace(1000);
    const a = first.alloc(1000);
    first.view(a, 1000).fill(7);
    first.release();
    const second = acquireWorkspace(2000);
    expect(second).toBe(first);
    const b = second.alloc(2000);
    expect(b).toBe(a);
    expect(second.view(b, 2000).every((v) => v === 0)).toBe(true);
    expect(acquireWorkspace(10)).not.toBe(second);
  });
});
