import { createHash } from "node:crypto";
import { mkdir, rename, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build, type Plugin } from "esbuild";

/**
 * The kernel child runs as one plain-JS file: loading a TS loader (tsx) in
 * every child would cost more than the rest of its start. The entry is
 * bundled once per server process, and the file is named by the hash of its
 * content, so a rebuild with unchanged sources reuses it and servers from
 * different checkouts never share a stale one.
 */

const ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "process", "main.ts");

/** Native packages stay out of the bundle, required by absolute path so the bundle may live anywhere. */
// Native bindings, and tfjs with its WebAssembly backend: the backend finds
// its .wasm files beside its own module, and registers into the one tfjs copy.
const NATIVE_PACKAGES = ["isolated-vm", "@duckdb/node-api", "onnxruntime-node", "@tensorflow/tfjs", "@tensorflow/tfjs-backend-wasm"];

const require = createRequire(import.meta.url);

function externalNativePackages(): Plugin {
  const filter = new RegExp(`^(${NATIVE_PACKAGES.map((p) => p.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&")).join("|")})$`);
  return {
    name: "tracebook-native-packages",
    setup(b) {
      b.onResolve({ filter }, (args) => ({ path: require.resolve(args.path), external: true }));
    },
  };
}

/**
 * The sandbox bundles its in-isolate prelude from its own TS files at run
 * time (esbuild, paths from import.meta.url). In the child neither exists, so
 * the prelude is bundled here, in the server, and the child gets it as a
 * constant: no esbuild service process in every kernel start either.
 */
function inlinePreludeSource(): Plugin {
  return {
    name: "tracebook-inline-prelude",
    setup(b) {
      b.onLoad({ filter: /[\\/]sandbox[\\/]prelude-source\.ts$/ }, async (args) => {
        const module = (await import(pathToFileURL(args.path).href)) as { loadPreludeSource(): Promise<string> };
        const source = await module.loadPreludeSource();
        return {
          contents: `export function loadPreludeSource() { return Promise.resolve(${JSON.stringify(source)}); }`,
          loader: "js",
        };
      });
    },
  };
}

export function defaultKernelCacheDir(): string {
  return path.join(os.tmpdir(), "tracebook-kernel");
}

const bundles = new Map<string, Promise<string>>();

/**
 * The path of the bundled child entry in `cacheDir`, built on the first call
 * of this process, and again if the file went away (a tmp cleaner, while the
 * server sat idle for days).
 */
export async function bundleKernelEntry(cacheDir: string = defaultKernelCacheDir()): Promise<string> {
  const known = bundles.get(cacheDir);
  if (known) {
    const file = await known.catch(() => null);
    if (file && (await exists(file))) return file;
    if (bundles.get(cacheDir) === known) bundles.delete(cacheDir);
  }
  let bundle = bundles.get(cacheDir);
  if (!bundle) {
    bundle = writeBundle(cacheDir);
    bundles.set(cacheDir, bundle);
    // A failed build (a syntax error while developing) is retried by the next kernel start.
    bundle.catch(() => bundles.delete(cacheDir));
  }
  return bundle;
}

async function writeBundle(cacheDir: string): Promise<string> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    write: false,
    logLevel: "silent",
    plugins: [externalNativePackages(), inlinePreludeSource()],
  });
  // import.meta is empty in a CJS bundle: code that locates files through it would fail in the child.
  const importMeta = result.warnings.find((w) => /import\.meta/.test(w.text));
  if (importMeta) {
    throw new Error(`the kernel bundle cannot use import.meta (${importMeta.location?.file ?? "?"}): ${importMeta.text}`);
  }
  const code = result.outputFiles[0]!.contents;
  const hash = createHash("sha256").update(code).digest("hex").slice(0, 16);
  const file = path.join(cacheDir, `kernel-${hash}.cjs`);
  if (await exists(file)) return file;
  await mkdir(cacheDir, { recursive: true });
  // Write then rename: two servers bundling at once never run a half-written file.
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temporary, code);
  await rename(temporary, file);
  return file;
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
