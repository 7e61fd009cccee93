import type { ServerChannel } from "../../../kernel/process/server-channel";
import { registerLazyHostModule } from "../../../kernel/process/lazy-module";
import { kernelArtifacts } from "../../artifacts/kernel";
import { kernelDataEngine } from "../../data/kernel/engine";
import type { OfflineCatalogApi } from "../offline-catalog";
import type { OnlineStoreApi } from "../online-store";

/** The cells' `features.*`. Kept equal to the module's functions by its test. */
export const FEATURES_FUNCTIONS = ["fit", "load", "describe", "transform", "transformOne", "pointInTimeJoin", "materialize", "getOnline", "writeOffline", "readOffline", "offlineVersions"] as const;

/** The online store and offline catalog live in the server's database: the kernel reaches them over its channel. */
function onlineProxy(server: ServerChannel): OnlineStoreApi {
  return {
    write: (request) => server.request("featuresOnline", "write", request),
    read: (request) => server.request("featuresOnline", "read", request),
    clear: (request) => server.request("featuresOnline", "clear", request),
  };
}

function offlineProxy(server: ServerChannel): OfflineCatalogApi {
  return {
    addVersion: (request) => server.request("featuresOffline", "addVersion", request),
    getVersion: (request) => server.request("featuresOffline", "getVersion", request),
    listVersions: (request) => server.request("featuresOffline", "listVersions", request),
  };
}

registerLazyHostModule("features", FEATURES_FUNCTIONS, async (ctx) => {
  const [{ createFeaturesHostModule }, artifacts] = await Promise.all([import("../host-module"), kernelArtifacts()]);
  if (!artifacts) throw new Error("features need the artifact store, and this kernel was started without one");
  const server = ctx.kernel.server;
  return createFeaturesHostModule({ engine: kernelDataEngine, artifacts, online: onlineProxy(server), offline: offlineProxy(server) });
});
