import { ensureBuild } from "../scripts/build";
import { benchStartup } from "./startup";

// `npm run bench`: every benchmark, each printing its ratio against an anchor from the same run.
await ensureBuild();
await benchStartup(Number(process.env.BENCH_ROUNDS ?? 3));
