import { ensureBuild } from "../scripts/build";
import { benchCollabReplay } from "./collab-replay";
import { benchStartup } from "./startup";

/**
 * `npm run bench`: every benchmark, each printing its ratio against an
 * anchor from the same run. `npm run bench -- collab-replay` runs one.
 */
const BENCHES: Record<string, () => Promise<void>> = {
  startup: () => benchStartup(Number(process.env.BENCH_ROUNDS ?? 3)),
  "collab-replay": benchCollabReplay,
};

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !(name in BENCHES));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(", ")}; known: ${Object.keys(BENCHES).join(", ")}`);
  process.exit(2);
}
await ensureBuild();
for (const name of asked.length > 0 ? asked : Object.keys(BENCHES)) {
  await BENCHES[name]!();
  console.log("");
}
// Each benchmark closes its servers and clients, but a client library's
// reconnect timer can outlive it; the command ends when the figures are out.
process.exit(0);
