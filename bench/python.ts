import { spawnSync } from "node:child_process";
import { join } from "node:path";

/** Debian's interpreter, where python3-pandas and python3-sklearn are installed. */
const PYTHON = "/usr/bin/python3";

/**
 * Runs one of the Python reference scripts beside this file and parses the
 * JSON object it prints last; null (with a note naming the apt package)
 * when the script cannot run, so the benchmark still prints our side.
 */
export function runPythonJson<T>(script: string, args: readonly string[], aptPackage: string): T | null {
  const run = spawnSync(PYTHON, [join(import.meta.dirname, script), ...args], { encoding: "utf8", maxBuffer: 1 << 24 });
  if (run.status !== 0) {
    console.log(`${script} failed (${(run.stderr || run.error?.message || "").trim().split("\n").pop()}); apt-get install -y ${aptPackage}`);
    return null;
  }
  return JSON.parse(run.stdout.trim().split("\n").pop()!) as T;
}
