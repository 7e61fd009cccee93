import { spawnSync } from "node:child_process";
import { ensureBuild } from "../scripts/build";
import { benchCollabBroadcast } from "./collab-broadcast";
import { benchCollabDurable } from "./collab-durable";
import { benchCollabReplay } from "./collab-replay";
import { benchDataIngest } from "./data-ingest";
import { benchDataProfile } from "./data-profile";
import { benchDataQuery } from "./data-query";
import { benchKernelBridge } from "./kernel-bridge";
import { benchKernelCold } from "./kernel-cold";
import { benchKernelCompare } from "./kernel-compare";
import { benchLineageOverhead } from "./lineage-overhead";
import { benchMetricsSklearn } from "./metrics-sklearn";
import { benchStartup } from "./startup";
import { benchTrainSklearn } from "./train-sklearn";
import { benchTrainWrapper } from "./train-wrapper";

/**
 * `npm run bench`: every benchmark, each printing its ratio against an
 * anchor from the same run. `npm run bench -- collab-replay` runs one.
 * Only benchmarks that start the server need the Next build.
 */
const BENCHES: Record<string, { run: () => Promise<void>; needsBuild: boolean }> = {
  startup: { run: () => benchStartup(Number(process.env.BENCH_ROUNDS ?? 3)), needsBuild: true },
  "collab-replay": { run: benchCollabReplay, needsBuild: true },
  "collab-broadcast": { run: benchCollabBroadcast, needsBuild: true },
  "collab-durable": { run: benchCollabDurable, needsBuild: true },
  "kernel-cold": { run: () => benchKernelCold(Number(process.env.BENCH_ROUNDS ?? 7)), needsBuild: false },
  "kernel-bridge": { run: benchKernelBridge, needsBuild: false },
  "kernel-vs-ipykernel": { run: benchKernelCompare, needsBuild: true },
  "data-ingest": { run: benchDataIngest, needsBuild: false },
  "data-profile": { run: benchDataProfile, needsBuild: false },
  "data-query": { run: benchDataQuery, needsBuild: false },
  "lineage-overhead": { run: benchLineageOverhead, needsBuild: false },
  "train-vs-sklearn": { run: benchTrainSklearn, needsBuild: false },
  "train-wrapper": { run: benchTrainWrapper, needsBuild: false },
  "metrics-vs-sklearn": { run: benchMetricsSklearn, needsBuild: false },
};

// The kernel benchmarks load isolated-vm here, which on Node 20 needs V8's startup snapshot off.
if (!process.execArgv.includes("--no-node-snapshot")) {
  const again = spawnSync(process.execPath, ["--no-node-snapshot", ...process.execArgv, ...process.argv.slice(1)], { stdio: "inherit" });
  process.exit(again.status ?? 1);
}

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !(name in BENCHES));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(", ")}; known: ${Object.keys(BENCHES).join(", ")}`);
  process.exit(2);
}
const chosen = asked.length > 0 ? asked : Object.keys(BENCHES);
if (chosen.some((name) => BENCHES[name]!.needsBuild)) await ensureBuild();
for (const name of chosen) {
  await BENCHES[name]!.run();
  console.log("");
}
// Each benchmark closes its servers and clients, but a client library's
// reconnect timer can outlive it; the command ends when the figures are out.
process.exit(0);
