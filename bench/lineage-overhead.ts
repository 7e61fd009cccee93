import { randomUUID } from "node:crypto";
import { serialize } from "node:v8";
import type { KernelCallContext, KernelContext } from "../kernel/process/host";
import { createLineageProducer, LINEAGE_EVENT, LINEAGE_SERVICE, type LineageProducer } from "../kernel/process/lineage";
import { HandleTable } from "../kernel/process/sandbox/handles";
import { DataEngine } from "../primitives/data/engine";
import { createDataFunctions } from "../primitives/data/kernel/functions";
import { datasetHandle } from "../primitives/data/kernel/datasets";
import { percentile, printRatio } from "./stats";

/**
 * Lineage overhead: the time a primitive call spends recording lineage
 * (building its START and COMPLETE events with parameters, dataset versions
 * and schema facets, and handing them to the IPC channel, serialized as
 * `process.send` does with advanced serialization), as p50 and p99 over
 * many `data.dropNulls` calls on a 1,000-row dataset. Anchor: the same
 * calls' own work (the body lineage wraps), in the same run.
 * Goal: under 1 ms p50.
 */
const CALLS = Number(process.env.BENCH_CALLS ?? 2000);

export async function benchLineageOverhead(): Promise<void> {
  const engine = await DataEngine.open({ threads: 2 });
  try {
    const notebookId = randomUUID();
    const producer = createLineageProducer({
      notebookId,
      emit: (event) => void serialize({ type: "event", service: LINEAGE_SERVICE, name: LINEAGE_EVENT, payload: event }),
    });
    const overheads: number[] = [];
    const bodies: number[] = [];
    // Times each call whole and its body alone; the difference is what lineage cost it.
    const timed: LineageProducer = {
      beginRun: (run) => producer.beginRun(run),
      endRun: (runId, outcome) => producer.endRun(runId, outcome),
      async record(cellId, call, body) {
        let bodyMs = 0;
        const started = performance.now();
        const result = await producer.record(cellId, call, async (lineage) => {
          const bodyStarted = performance.now();
          try {
            return await body(lineage);
          } finally {
            bodyMs = performance.now() - bodyStarted;
          }
        });
        overheads.push(performance.now() - started - bodyMs);
        bodies.push(bodyMs);
        return result;
      },
    };
    const kernel: KernelContext = { notebookId, server: { emit: () => {}, request: () => Promise.reject(new Error("no server")) }, lineage: timed };
    const ctx: KernelCallContext = { cellId: "bench", signal: new AbortController().signal, handles: new HandleTable(), emit: () => {}, kernel };
    producer.beginRun({ runId: randomUUID(), cellId: "bench", context: { actor: { id: randomUUID(), name: "Bench" }, source: "await data.dropNulls(ds)" } });

    const dataset = await engine.materialize(
      "SELECT range AS id, CASE WHEN range % 7 = 0 THEN NULL ELSE range * 1.5 END AS amount, 'city-' || (range % 13) AS city FROM range(1000) ORDER BY id",
    );
    const handle = datasetHandle(ctx, { dataset, namespace: `tracebook://notebooks/${notebookId}`, name: "bench/input" });
    const fns = createDataFunctions(async () => engine);
    for (let i = 0; i < CALLS + 100; i++) {
      await fns.dropNulls!([handle, { columns: ["amount"] }], ctx);
      if (i === 99) overheads.length = bodies.length = 0; // warm-up
    }
    console.log(`lineage-overhead: ${CALLS} data.dropNulls calls on 1,000 rows, events serialized as for IPC`);
    const anchor = percentile(bodies, 0.5);
    printRatio("the call's own work, p50 (anchor)", anchor, anchor);
    printRatio("recording its lineage, p50 (goal < 1 ms)", percentile(overheads, 0.5), anchor);
    printRatio("recording its lineage, p99", percentile(overheads, 0.99), anchor);
  } finally {
    await engine.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchLineageOverhead();
