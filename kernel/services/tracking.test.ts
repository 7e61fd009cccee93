import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { NotebookId } from "../../protocol/ids";
import { KERNEL_RUN_TAG, type TrackingWriter } from "../../primitives/experiments/writer";
import { trackingKernelService } from "./tracking";

describe("the kernel's tracking service", () => {
  it("marks the runs a kernel opens as the kernel's, over any tag of that name the cell gave", async () => {
    const created: Array<Parameters<TrackingWriter["createRun"]>[0]> = [];
    const writer = {
      async createRun(input: Parameters<TrackingWriter["createRun"]>[0]) {
        created.push(input);
        return { id: randomUUID() };
      },
    } as unknown as TrackingWriter;
    const service = trackingKernelService(writer);
    const notebookId = randomUUID() as NotebookId;
    const ctx = { notebookId, signal: new AbortController().signal, actorId: randomUUID() };
    const createRun = service.methods!.createRun!;
    await createRun({ args: [{ experiment: "e", tags: [{ key: "team", value: "vision" }, { key: KERNEL_RUN_TAG.key, value: "mine" }] }] }, ctx);
    await createRun({ args: [{ experiment: "e" }] }, ctx);
    expect(created.map((c) => c.tags)).toEqual([
      [{ key: "team", value: "vision" }, KERNEL_RUN_TAG],
      [KERNEL_RUN_TAG],
    ]);
    expect(created.every((c) => c.notebookId === notebookId && c.actorId === ctx.actorId)).toBe(true);
  });
});
