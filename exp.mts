import * as Y from "yjs";
import { cellSource, insertCell } from "./collab/doc";
import { connectDoc, waitSynced } from "./test/collab-client";
import { loadTrace, type SequentialTrace } from "./test/editing-traces";
import { startBenchServer } from "./bench/collab-server";
import { sendPerTick } from "./bench/tick-client";
const trace = loadTrace<SequentialTrace>("automerge-paper.json.gz");
async function typeTrace(text: Y.Text) {
  const doc = text.doc!; let turnEnds = performance.now() + 1; let typed = 0;
  for (const txn of trace.txns) {
    doc.transact(() => { for (const [p, d, i] of txn.patches) { if (d > 0) text.delete(p, d); if (i) text.insert(p, i); } });
    if ((++typed & 15) === 0 && performance.now() >= turnEnds) { await new Promise((r) => setImmediate(r)); turnEnds = performance.now() + 1; }
  }
}
const server = await startBenchServer({});
const pid = server.process.child.pid!;
try {
  const { readFileSync } = await import("node:fs");
  const cpu = () => { const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" "); return (Number(f[11]) + Number(f[12])) * 10; };
  for (const mode of ["running", "running"]) {
    const notebookId = await server.createNotebook("x " + mode);
    const client = connectDoc(server.url, notebookId, server.token, { coalesceWrites: 0 });
    await waitSynced(client);
    const cellId = insertCell(client.doc, 0, { source: "" });
    await new Promise((r) => setTimeout(r, 300));
    sendPerTick(client.provider);
    const t = performance.now(); const c0 = cpu();
    await typeTrace(cellSource(client.doc, cellId)!);
    const typed = performance.now() - t; const c1 = cpu();
    await new Promise((r) => setTimeout(r, 3000));
    console.log(mode, typed.toFixed(0), "server cpu ms during typing", c1 - c0, "after", cpu() - c1);
    client.provider.destroy();
  }
} finally { await server.stop(); }
process.exit(0);
