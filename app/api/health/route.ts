import { publicRoute } from "../_lib/handler";

/** Liveness, which store is in use, and how many notebook documents are loaded (rooms unload when idle). */
export const GET = publicRoute(async ({ services }) => {
  await services.store.ping();
  return {
    body: { ok: true, store: services.store.kind, startedAt: services.startedAt.toISOString(), collab: { rooms: services.collab.roomCount() } },
  };
});
