import { describe, expect, it } from "vitest";
import { createRandom } from "./random";
import { Workspace } from "./workspace";

describe("adam kernel", () => {
  it("takes the same steps as Adam written out in double precision", () => {
    const size = 10;
    const ws = new Workspace();
    const [params, grads, m, v] = [ws.alloc(size), ws.alloc(size), ws.alloc(size), ws.alloc(size)];
    const random = createRandom(4);
    const reference = { p: Array.from({ length: size }, () => random.next() - 0.5), m: new Array<number>(size).fill(0), v: new Array<number>(size).fill(0) };
    ws.view(params, size).set(reference.p);
    for (let t = 1; t <= 5; t++) {
      const g = Array.from({ length: size }, () => random.next() * 2 - 1);
      ws.view(grads, size).set(g);
      const [c1, c2] = [1 - 0.9 ** t, 1 - 0.999 ** t];
      ws.adam(params, grads, m, v, size, 0.01, c1, c2);
      for (let i = 0; i < size; i++) {
        reference.m[i] = 0.9 * reference.m[i]! + 0.1 * g[i]!;
        reference.v[i] = 0.999 * reference.v[i]! + 0.001 * g[i]! * g[i]!;
        reference.p[i] = reference.p[i]! - (0.01 * (reference.m[i]! / c1)) / (Math.sqrt(reference.v[i]! / c2) + 1e-7);
      }
    }
    const p = ws.view(params, size);
    for (let i = 0; i < size; i++) expect(Math.abs(p[i]! - reference.p[i]!)).toBeLessThan(1e-6);
  });
});
