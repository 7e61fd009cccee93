import { AppError } from "../protocol/errors";
import type { Services } from "./services";

// The Next.js bundle and server.ts load separate copies of every module, so
// the one Services instance is handed over on globalThis under a shared key.
const KEY = Symbol.for("tracebook.services");

type Holder = { [KEY]?: Services };

export function registerServices(services: Services | undefined): void {
  (globalThis as Holder)[KEY] = services;
}

export function getServices(): Services {
  const services = (globalThis as Holder)[KEY];
  if (!services) throw new AppError("unavailable", "the server is not ready; start it with server.ts");
  return services;
}
