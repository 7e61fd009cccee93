import { ensureBuild } from "./build";

// `npm start`: build when the sources changed, then serve in this same process.
const env = process.env as Record<string, string | undefined>;
env.NODE_ENV ??= "production";
process.env.NEXT_TELEMETRY_DISABLED = "1";
await ensureBuild();
const { main } = await import("../server");
await main();
