import { describe, expect, it } from "vitest";
import { createKeyedQueue } from "./queue";

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("keyed queue", () => {
  it("runs tasks of one key one at a time, in order, and other keys alongside", async () => {
    const queue = createKeyedQueue();
    const log: string[] = [];
    const task = (name: string, ms: number) => async () => {
      log.push(`start ${name}`);
      await tick(ms);
      log.push(`end ${name}`);
      return name;
    };
    const results = await Promise.all([
      queue.run("a", task("a1", 30)),
      queue.run("a", task("a2", 1)),
      queue.run("b", task("b1", 1)),
    ]);
    expect(results).toEqual(["a1", "a2", "b1"]);
    expect(log.indexOf("end a1")).toBeLessThan(log.indexOf("start a2"));
    expect(log.indexOf("start b1")).toBeLessThan(log.indexOf("end a1"));
  });

  it("goes on after a failed task and reports the failure to its caller only", async () => {
    const queue = createKeyedQueue();
    const failed = queue.run("a", async () => {
      throw new Error("boom");
    });
    const next = queue.run("a", async () => "ok");
    await expect(failed).rejects.toThrow("boom");
    await expect(next).resolves.toBe("ok");
  });
});
