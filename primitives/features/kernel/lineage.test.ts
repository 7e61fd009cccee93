import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openStore, type Store } from "../../../db/client";
import { writeLineageBatch } from "../../../db/queries/lineage";
import { findNotebookJobNodes } from "../../../db/queries/lineage-graph";
import type { KernelCallContext } from "../../../kernel/process/host";
import { createLineageProducer } from "../../../kernel/process/lineage";
import { HandleTable } from "../../../kernel/process/sandbox/handles";
import { ServerRequestError, type ServerChannel } from "../../../kernel/process/server-channel";
import { createFileArtifactStore } from "../../artifacts/fs-store";
import { createDataFunctions } from "../../data/kernel/functions";
import { openFixture, type DataFixture } from "../../data/testing";
import { parseLineageEvent, type LineageEventInput } from "../../lineage/event";
import { connectedPieces, walkLineage, type GraphNode } from "../../lineage/graph";
import { createGraphSource } from "../../lineage/service";
import { createFeaturesHostModule } from "../host-module";
import { createOfflineCatalog } from "../offline-catalog";
import { createOnlineStore } from "../online-store";
import { FEATURE_SETS_NAMESPACE, OFFLINE_VIEWS_NAMESPACE, ONLINE_VIEWS_NAMESPACE } from "./lineage";

/**
 * `features.*` calls in the lineage graph, next to the `data.*` calls they
 * follow: a notebook loads a file, fits a feature set on it, transforms it
 * materializes it online and round-trips it through the offline store, one
 * cell each. The events go through the
 * store's schema into a real (PGlite) lineage store, and the notebook's graph
 * must be one connected piece: file -> fit -> feature set -> transform.
 */
const CSV = "user_id,ts,amount,plan\nu1,2024-01-01 10:00:00,10.5,pro\nu2,2024-01-02 11:00:00,,free\nu1,2024-01-03 12:00:00,7.25,pro\nu3,2024-01-04 13:00:00,3,free\n";

let fx: DataFixture;
let store: Store;
let root: string;

beforeAll(async () => {
  fx = await openFixture();
  store = await openStore({ pgliteDir: "memory://" });
  root = await mkdtemp(path.join(os.tmpdir(), "features-lineage-"));
});
afterAll(async () => {
  await store.close();
  await fx.close();
  await rm(root, { recursive: true, force: true });
});

/** A notebook's cells sharing one handle table and lineage producer, as in a kernel. */
async function notebook() {
  const notebookId = randomUUID();
  const file = await fx.write(`${randomUUID()}-sales.csv`, CSV);
  const events: LineageEventInput[] = [];
  const lineage = createLineageProducer({ notebookId, emit: (event) => void events.push(event) });
  const server: ServerChannel = {
    emit: () => {},
    async request<T>(service: string, method: string, payload: unknown): Promise<T> {
      if (service !== "files") throw new ServerRequestError("unknown_method", service);
      if (method === "limits") return { maxBytes: 1_000_000 } as T;
      if ((payload as { name?: string }).name !== "sales.csv") throw new ServerRequestError("not_found", "no such file");
      return { path: file, bytes: CSV.length } as T;
    },
  };
  const handles = new HandleTable();
  const data = createDataFunctions(async () => fx.engine);
  const features = createFeaturesHostModule({
    engine: async () => fx.engine,
    artifacts: createFileArtifactStore({ root }),
    online: createOnlineStore(store.db),
    offline: createOfflineCatalog(store.db),
  }).functions;
  /** Runs `body` as one cell run, its calls made with that cell's context. */
  async function cell<T>(cellId: string, body: (call: (fn: string, ...args: unknown[]) => Promise<unknown>) => Promise<T>): Promise<T> {
    const runId = randomUUID();
    lineage.beginRun({ runId, cellId, context: { actor: null, source: `// ${cellId}` } });
    const ctx: KernelCallContext = { cellId, signal: new AbortController().signal, handles, emit: () => {}, kernel: { notebookId, server, lineage } };
    const call = async (fn: string, ...args: unknown[]) => {
      const [module, name] = fn.split(".") as [string, string];
      return (module === "data" ? data : features)[name]!(args, ctx);
    };
    try {
      return await body(call);
    } finally {
      lineage.endRun(runId, { ok: true, value: null, defs: [] });
    }
  }
  return { notebookId, events, cell, dispose: () => handles.dispose() };
}

it("records load, fit, transform, materialize and the offline store as one connected lineage graph", async () => {
  const nb = await notebook();
  const view = { name: `sales_${randomUUID().slice(0, 8)}`, entities: ["user_id"], eventTimestamp: "ts", features: ["amount"] };
  const offlineView = { ...view, name: `offline_${view.name}` };
  try {
    const raw = await nb.cell("load", async (call) => ((await call("data.load", "sales.csv")) as { dataset: unknown }).dataset);
    const fitted = await nb.cell("fit", (call) => call("features.fit", {
      name: "sales", passthrough: ["user_id"],
      transforms: [{ type: "impute", name: "amount", input: "amount", strategy: "median" }, { type: "oneHot", name: "plan", input: "plan" }],
    }, raw));
    const transformed = await nb.cell("transform", (call) => call("features.transform", fitted, raw));
    await nb.cell("materialize", (call) => call("features.materialize", view, raw));
    await nb.cell("offline", async (call) => {
      await call("features.writeOffline", offlineView, raw);
      return call("features.readOffline", offlineView.name);
    });
    // A transformed dataset is a Dataset handle the data module reads like its own.
    await nb.cell("clean", (call) => call("data.dropNulls", transformed, { columns: ["amount"] }));
  } finally {
    nb.dispose();
  }

  await writeLineageBatch(store.db, nb.events.map(parseLineageEvent));
  const roots: GraphNode[] = (await findNotebookJobNodes(store.db, nb.notebookId)).map(({ kind, id, label, notebookId }) => ({ kind, id, label, notebookId }));
  const graph = await walkLineage(createGraphSource(store.db), roots, { direction: "both", depth: 20 });
  expect(graph.truncated).toBe(false);
  expect(connectedPieces(graph)).toHaveLength(1);

  // Job labels are `<namespace>/<notebookId>/<cellId>[/<primitive>]`.
  const jobOfRun = (runId: string) => {
    const runOf = graph.edges.find((e) => e.relation === "run_of" && e.src.id === runId);
    return graph.nodes.find((n) => n.kind === "job" && n.id === runOf?.dst.id)?.label.split("/").slice(2).join("/");
  };
  const flows = (relation: "input" | "output") => graph.edges
    .filter((e) => e.relation === relation)
    .map((e) => {
      const [run, version] = relation === "input" ? [e.dst, e.src] : [e.src, e.dst];
      return { step: jobOfRun(run.id), version: graph.nodes.find((n) => n.kind === "dataset_version" && n.id === version.id)!.label.split("@")[0] };
    });
  const inputs = flows("input");
  const outputs = flows("output");
  expect(outputs).toEqual(expect.arrayContaining([
    { step: "load/data.load", version: "sales.csv" },
    { step: "fit/features.fit", version: "sales" },
    { step: "transform/features.transform", version: "transform/features.transform" },
    { step: "materialize/features.materialize", version: view.name },
    { step: "offline/features.writeOffline", version: offlineView.name },
  ]));
  expect(inputs).toEqual(expect.arrayContaining([
    { step: "fit/features.fit", version: "sales.csv" },
    { step: "transform/features.transform", version: "sales.csv" },
    { step: "transform/features.transform", version: "sales" },
    { step: "materialize/features.materialize", version: "sales.csv" },
    { step: "clean/data.dropNulls", version: "transform/features.transform" },
    // What was read back is the version written: one node.
    { step: "offline/features.readOffline", version: offlineView.name },
  ]));
  // The feature set and the online view are named outside the notebook, so other notebooks join them.
  const datasets = graph.nodes.filter((n) => n.kind !== "run" && n.kind !== "job" && n.kind !== "dataset_version").map((n) => `${n.kind} ${n.label}`);
  expect(datasets).toEqual(expect.arrayContaining([
    `feature_set ${FEATURE_SETS_NAMESPACE}/sales`, `dataset ${ONLINE_VIEWS_NAMESPACE}/${view.name}`, `dataset ${OFFLINE_VIEWS_NAMESPACE}/${offlineView.name}`,
  ]));
  expect(graph.nodes.filter((n) => n.kind === "dataset_version" && n.label.startsWith(`${offlineView.name}@`))).toHaveLength(1);
});

it("records a failed fit as a failed run that read its input", async () => {
  const nb = await notebook();
  try {
    const raw = await nb.cell("load", async (call) => ((await call("data.load", "sales.csv")) as { dataset: unknown }).dataset);
    await expect(nb.cell("fit", (call) => call("features.fit", { name: "bad", transforms: [{ type: "standardize", name: "z", input: "nope" }] }, raw))).rejects.toThrow(/nope/);
  } finally {
    nb.dispose();
  }
  const fit = nb.events.map(parseLineageEvent).filter((e) => e.job.name.endsWith("/features.fit"));
  expect(fit.map((e) => e.eventType)).toEqual(["START", "FAIL"]);
  expect(fit[1]!.inputs.map((i) => i.name)).toEqual(["sales.csv"]);
  expect(fit[1]!.outputs).toEqual([]);
});
