import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", ".next/**", "e2e/**", ".tracebook/**"],
    globalSetup: ["test/global-setup.ts"],
    reporters: ["default", "./test/summary-reporter.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: one worker per core; each test file runs its files' servers in-process or over HTTP.
    maxWorkers: 2,
    // isolated-vm 5 on Node 20 needs V8's startup snapshot off in any process that loads it.
    execArgv: ["--no-node-snapshot"],
  },
});
