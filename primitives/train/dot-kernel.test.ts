import { describe, expect, it } from "vitest";
import { createRandom } from "./random";
import { Workspace } from "./workspace";

describe("row dot kernel", () => {
  it("sums row · v over the padded length, per row, as four lane partial sums", () => {
    const [m, count, stride] = [5, 37, 48];
    const ws = new Workspace();
    const [a, v, out] = [ws.alloc(m * stride), ws.alloc(stride), ws.alloc(4 * m)];
    const [av, vv] = [ws.view(a, m * stride), ws.view(v, stride)];
    const random = createRandom(8);
    for (let i = 0; i < m; i++) for (let j = 0; j < count; j++) av[i * stride + j] = random.next() * 2 - 1;
    for (let j = 0; j < count; j++) vv[j] = random.next() * 2 - 1;
    ws.rowDots(a, 4 * stride, v, out, m, count);
    const lanes = ws.view(out, 4 * m);
    for (let i = 0; i < m; i++) {
      let expected = 0;
      for (let j = 0; j < count; j++) expected += av[i * stride + j]! * vv[j]!;
      const sum = lanes[4 * i]! + lanes[4 * i + 1]! + lanes[4 * i + 2]! + lanes[4 * i + 3]!;
      expect(Math.abs(sum - expected)).toBeLessThan(1e-5);
    }
  });
});
