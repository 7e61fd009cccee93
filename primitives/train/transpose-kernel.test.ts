import { describe, expect, it } from "vitest";
import { Workspace } from "./workspace";

describe("transpose kernel", () => {
  it("writes a row-major matrix as columns with a row stride", () => {
    const [rows, cols, stride] = [3, 5, 4];
    const ws = new Workspace();
    const [source, target] = [ws.alloc(rows * cols), ws.alloc(cols * stride)];
    ws.view(source, rows * cols).set(Array.from({ length: rows * cols }, (_, i) => i + 1));
    ws.transpose(source, rows, cols, target, stride);
    const out = ws.view(target, cols * stride);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) expect(out[c * stride + r]).toBe(r * cols + c + 1);
    // The stride's padding is left alone.
    for (let c = 0; c < cols; c++) expect(out[c * stride + 3]).toBe(0);
  });
});
