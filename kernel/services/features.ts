import type { OfflineCatalogApi } from "../../primitives/features/offline-catalog";
import type { OnlineStoreApi } from "../../primitives/features/online-store";
import { FeatureError } from "../../primitives/features/errors";
import { InvalidPayloadError, type KernelServerService } from "../manager/services";

/**
 * The feature stores as kernel services: the APIs take and answer plain
 * JSON and validate every request themselves (zod), so each method is
 * passed through as it is; a request they refuse reaches the cell with the
 * store's message.
 */
export function featureStoreKernelServices(online: OnlineStoreApi, offline: OfflineCatalogApi): Record<"featuresOnline" | "featuresOffline", KernelServerService> {
  const through = <A extends object>(api: A) =>
    Object.fromEntries(Object.entries(api).map(([name, fn]) => [name, async (payload: unknown) => {
      try {
        return await (fn as (request: unknown) => Promise<unknown>).call(api, payload);
      } catch (error) {
        throw error instanceof FeatureError ? new InvalidPayloadError(error.message) : error;
      }
    }]));
  return {
    featuresOnline: { methods: through(online) },
    featuresOffline: { methods: through(offline) },
  };
}
