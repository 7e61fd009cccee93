import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ENTRY = fileURLToPath(new URL("./prelude/index.ts", import.meta.url));

let cached: Promise<string> | null = null;

/**
 * The prelude as one script, bundled from prelude/*.ts once per process
 * (tens of milliseconds), so the in-isolate code is TypeScript checked
 * against the same declarations cells see.
 */
export function loadPreludeSource(): Promise<string> {
  cached ??= bundlePrelude().catch((error: unknown) => {
    cached = null;
    throw error;
  });
  return cached;
}

async function bundlePrelude(): Promise<string> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: "iife",
    platform: "neutral",
    target: "es2022",
    logLevel: "silent",
    legalComments: "none",
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error("prelude bundle is empty");
  return file.text;
}
