import path from "node:path";
import { openStore } from "../db/client";
import { writeLineageBatch } from "../db/queries/lineage";
import { parseLineageEvent, type LineageEventInput } from "../primitives/lineage/event";

/**
 * Writes lineage events straight into a stopped server's store, as the kernel's
 * recorder would: nothing records lineage over HTTP. The caller stops the server
 * first (PGlite allows one process) and starts it again after.
 *
 * @example
 * await server.stop();
 * await seedLineage({ dataDir: server.process.dataDir, databaseUrl: server.databaseUrl }, history.events);
 * await server.restart();
 */
export async function seedLineage(where: { dataDir: string; databaseUrl?: string }, events: readonly LineageEventInput[]): Promise<void> {
  const store = await openStore({ databaseUrl: where.databaseUrl, pgliteDir: path.join(where.dataDir, "pglite"), migrate: false });
  try {
    await writeLineageBatch(store.db, events.map(parseLineageEvent));
  } finally {
    await store.close();
  }
}
