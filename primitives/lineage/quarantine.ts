import { mkdir, open, readFile } from "node:fs/promises";
import path from "node:path";
import type { LineageEvent } from "./event";

/**
 * Where events the store refused (while reachable) are kept: one JSON line per
 * event with the error, appended and synced before the recorder moves on, so
 * a poison event neither blocks lineage nor disappears.
 */
export interface QuarantinedEvent {
  at: string;
  error: string;
  event: LineageEvent;
}

export function createQuarantineFile(file: string) {
  return {
    file,
    async append(event: LineageEvent, error: unknown): Promise<void> {
      await mkdir(path.dirname(file), { recursive: true });
      const line = JSON.stringify({ at: new Date().toISOString(), error: describe(error), event } satisfies QuarantinedEvent) + "\n";
      const handle = await open(file, "a", 0o600);
      try {
        await handle.write(line);
        await handle.sync();
      } finally {
        await handle.close();
      }
    },
    async read(): Promise<QuarantinedEvent[]> {
      let text: string;
      try {
        text = await readFile(file, "utf8");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
        throw error;
      }
      return text
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => JSON.parse(line) as QuarantinedEvent);
    },
  };
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
    return `${error.message}${cause}`;
  }
  return String(error);
}
