import { publicRoute } from "../_lib/handler";

/** Liveness and which store is in use. */
export const GET = publicRoute(async ({ services }) => {
  await services.store.ping();
  return { body: { ok: true, store: services.store.kind, startedAt: services.startedAt.toISOString() } };
});
