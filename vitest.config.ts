import path from "node:path";
import { defineConfig } from "vitest/config";

/** The crash test restarts a server forty times; it runs after the rest, on a quiet machine, rather than racing it for two cores. */
const ALONE = ["test/collab-durability.test.ts"];

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    exclude: ["node_modules/**", ".next/**", "e2e/**", ".tracebook/**"],
    globalSetup: ["test/global-setup.ts"],
    reporters: ["default", "./test/summary-reporter.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: one worker per core; each test file runs its files' servers in-process or over HTTP.
    maxWorkers: 2,
    // isolated-vm 5 on Node 20 needs V8's startup snapshot off in any process that loads it.
    execArgv: ["--no-node-snapshot"],
    projects: [
      { extends: true, test: { name: "suite", include: ["**/*.test.ts"], exclude: ["node_modules/**", ".next/**", "e2e/**", ".tracebook/**", ...ALONE], sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: "crash", include: ALONE, sequence: { groupOrder: 1 } } },
    ],
  },
});
