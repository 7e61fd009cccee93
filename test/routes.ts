import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { ROOT } from "./server-process";

export const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type Method = (typeof METHODS)[number];

/** Every `METHOD /api/...` that a route.ts under app/api exports, read from the files themselves. */
export async function discoverApiRoutes(): Promise<string[]> {
  const found: string[] = [];
  async function walk(dir: string): Promise<void> {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.name === "route.ts") {
        const source = await readFile(full, "utf8");
        const route = "/" + path.relative(path.join(ROOT, "app"), dir).split(path.sep).join("/");
        for (const match of source.matchAll(/export\s+(?:const|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g)) {
          found.push(`${match[1]} ${route}`);
        }
      }
    }
  }
  await walk(path.join(ROOT, "app", "api"));
  return found.sort();
}
