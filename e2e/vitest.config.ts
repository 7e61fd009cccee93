import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Browser tests against the real server: `npm run e2e`. One file at a time, long timeouts. */
export default defineConfig({
  root: ROOT,
  test: {
    include: ["e2e/**/*.e2e.ts"],
    testTimeout: 120_000,
    // The first run may include a full `next build`.
    hookTimeout: 600_000,
    teardownTimeout: 30_000,
    fileParallelism: false,
    reporters: ["default", "./test/summary-reporter.ts"],
    pool: "forks",
  },
});
