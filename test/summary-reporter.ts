import type { Reporter, TestModule } from "vitest/node";

/**
 * Ends a run with the ten slowest test files (where the suite's time goes,
 * so keeping it under its budget starts from data) and the plain
 * 'N passed, N failed, N skipped' line that CI reads.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const module of modules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") counts.passed++;
        else if (state === "failed") counts.failed++;
        else counts.skipped++;
      }
    }
    const slowest = [...modules]
      .map((module) => ({ name: module.moduleId.replace(`${process.cwd()}/`, ""), ms: module.diagnostic().duration }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 10);
    if (slowest.length > 1) {
      console.log("\nSlowest test files:");
      for (const { name, ms } of slowest) console.log(`  ${(ms / 1000).toFixed(1).padStart(7)} s  ${name}`);
    }
    console.log(`\nTests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  }
}
