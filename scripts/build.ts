import { spawnSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { BUILD_STAMP, hashBuildInputs } from "./build-state";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Runs `next build` unless the last build was made from the same sources. */
export async function ensureBuild(options: { force?: boolean } = {}): Promise<boolean> {
  const hash = await hashBuildInputs(ROOT);
  const stamp = await readFile(path.join(ROOT, BUILD_STAMP), "utf8").catch(() => "");
  if (!options.force && stamp.trim() === hash) return false;
  console.log("[build] sources changed; running next build");
  const result = spawnSync(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error(`next build failed (exit ${result.status ?? result.signal})`);
  await writeFile(path.join(ROOT, BUILD_STAMP), hash);
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await ensureBuild({ force: process.argv.includes("--force") });
}
