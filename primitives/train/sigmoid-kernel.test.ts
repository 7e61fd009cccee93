import { describe, expect, it } from "vitest";
import { Workspace } from "./workspace";

describe("sigmoid residual kernel", () => {
  it("matches 1 / (1 + exp(-z)) - y to float32 precision, from -100 to 100 (saturating at both ends), and counts the rows classified right", () => {
    const n = 4003;
    const ws = new Workspace();
    const [z, y, r, hits] = [ws.alloc(n), ws.alloc(n), ws.alloc(n), ws.alloc(4)];
    const [zv, yv] = [ws.view(z, n), ws.view(y, n)];
    for (let i = 0; i < n; i++) {
      zv[i] = -100 + (200 * i) / (n - 1);
      yv[i] = i % 3 === 1 ? 1 : 0;
    }
    ws.sigmoidResidual(z, y, r, n, hits);
    const rv = ws.view(r, n);
    // The one padding row (z = 0, y = 0: p = 0.5, class 0) counts as right.
    let right = 1;
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-zv[i]!));
      if ((p > 0.5 ? 1 : 0) === yv[i]) right++;
      const expected = p - yv[i]!;
      // A few float32 ulps of p: tiny probabilities far out keep their size (relative), not just their sign.
      expect(Math.abs(rv[i]! - expected)).toBeLessThanOrEqual(4e-7 * p + 1.2e-7 * Math.abs(expected) + 1e-38);
    }
    const lanes = new Int32Array(ws.view(hits, 4).buffer, hits, 4);
    expect(lanes.reduce((sum, v) => sum + v, 0)).toBe(right);
    expect(rv[0]).toBeGreaterThan(0);
    expect(rv[0]).toBeLessThan(1e-37);
    expect(rv[n - 1]).toBe(n % 3 === 2 ? 0 : 1);
  });
});
