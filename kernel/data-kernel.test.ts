import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { NotebookId } from "../protocol/ids";
import { DEFAULT_KERNEL_SETTINGS } from "../protocol/kernel";
import type { CellOutput } from "../protocol/outputs";
import { createNotebookFiles } from "../primitives/files/notebook-files";
import { parseLineageEvent, type LineageEvent } from "../primitives/lineage/event";
import { compileCell } from "./analyze/compile";
import { createKernelManager } from "./manager";
import { filesKernelService } from "./services/files";

/**
 * The data primitives in a real kernel child (the bundled entry, DuckDB
 * loaded from outside the bundle), reaching the server's `files` and
 * `lineage` services over the kernel's IPC channel.
 */
const root = mkdtempSync(path.join(os.tmpdir(), "tracebook-data-kernel-"));
afterAll(async () => {
  await manager.closeAll();
  rmSync(root, { recursive: true, force: true });
});

const files = createNotebookFiles({ root, maxBytes: 10_000 });
const events: Array<{ notebookId: string; event: LineageEvent }> = [];
const manager = createKernelManager({
  settings: () => DEFAULT_KERNEL_SETTINGS,
  log: () => {},
  services: {
    files: filesKernelService(files, { allowPrivate: false, allowHosts: [] }),
    lineage: { events: { record: (payload, ctx) => void events.push({ notebookId: ctx.notebookId, event: parseLineageEvent(payload) }) } },
  },
});

describe("the data module in a kernel process", () => {
  it("loads a notebook's uploaded file, transforms it, and its lineage is with the server when the run ends", async () => {
    const notebookId = randomUUID() as NotebookId;
    await files.save(notebookId, "sales.csv", Buffer.from("id,amount\n1,10\n2,\n3,7\n"));
    const kernel = await manager.acquire(notebookId);
    const outputs: CellOutput[] = [];
    const source = `const { dataset: raw } = await data.load("sales.csv");\nconst { dataset: clean } = await data.dropNulls(raw);\nconst rows = await data.head(clean);\nconsole.log(JSON.stringify(rows));\nclean`;
    const actor = { id: randomUUID(), name: "Ann" };
    const outcome = await kernel.run(compileCell("load", source), (o) => outputs.push(o), { actor, source });
    expect(outcome).toMatchObject({ ok: true, value: { t: "handle", kind: "Dataset", label: expect.stringMatching(/^Dataset ds_\w+ \(2 rows × 2 columns\)$/) } });
    expect(outputs).toContainEqual({ type: "stream", name: "stdout", text: '[{"id":1,"amount":10},{"id":3,"amount":7}]\n' });
    // The run resolved on the child's done: every event it sent before is with the service already.
    const mine = events.filter((e) => e.notebookId === notebookId).map((e) => e.event);
    expect(mine.map((e) => `${e.eventType} ${e.job.name.split("/").slice(1).join("/")}`)).toEqual([
      "START load",
      "START load/data.load",
      "COMPLETE load/data.load",
      "START load/data.dropNulls",
      "COMPLETE load/data.dropNulls",
      "START load/data.head",
      "COMPLETE load/data.head",
      "COMPLETE load",
    ]);
    expect(mine.every((e) => e.actorId === actor.id && e.job.notebookId === notebookId)).toBe(true);
  }, 60_000);

  it("answers a missing file with the files there are, and cannot read another notebook's", async () => {
    const mineId = randomUUID() as NotebookId;
    const otherId = randomUUID() as NotebookId;
    await files.save(otherId, "secret.csv", Buffer.from("a\n1\n"));
    await files.save(mineId, "mine.csv", Buffer.from("a\n1\n"));
    const kernel = await manager.acquire(mineId);
    const outcome = await kernel.run(compileCell("c", `await data.load("secret.csv")`), () => {});
    expect(outcome).toMatchObject({ ok: false, error: { kind: "exception", name: "DataError", message: 'no file named "secret.csv" in this notebook (uploaded files: mine.csv) [not_found]' } });
    const traversal = await kernel.run(compileCell("d", `await data.load("../${otherId}/secret.csv")`), () => {});
    expect(traversal).toMatchObject({ ok: false, error: { name: "DataError", message: expect.stringMatching(/may not contain \/ or \\ \[invalid_argument\]$/) } });
  }, 60_000);
});
