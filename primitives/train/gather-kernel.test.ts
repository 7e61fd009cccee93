import { describe, expect, it } from "vitest";
import { Workspace } from "./workspace";

describe("gather kernel", () => {
  it("copies the rows named by an index list, in its order", () => {
    const [rows, cols] = [6, 3];
    const ws = new Workspace();
    const [source, indices, target] = [ws.alloc(rows * cols), ws.alloc(4), ws.alloc(4 * cols)];
    ws.view(source, rows * cols).set(Array.from({ length: rows * cols }, (_, i) => i));
    new Int32Array(ws.view(indices, 4).buffer, indices, 4).set([5, 0, 3, 3]);
    ws.gatherRows(source, 4 * cols, indices, 4, target);
    expect([...ws.view(target, 4 * cols)]).toEqual([15, 16, 17, 0, 1, 2, 9, 10, 11, 9, 10, 11]);
  });
});
