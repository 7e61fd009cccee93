import http from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import next from "next";
import { loadConfig, ConfigError } from "./runtime/config";
import { createServices } from "./runtime/services";
import { answerMethodNotAllowedAsJson } from "./runtime/method-not-allowed";
import { registerServices } from "./runtime/registry";
import { createUpgradeHandler } from "./collab/transport";
import { CLIENT_ADDRESS_HEADER } from "./app/api/_lib/handler";

const ROOT = path.dirname(fileURLToPath(import.meta.url));

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The one Tracebook process: the Next.js app and its API routes, the
 * `/collab` WebSocket upgrade, and the store they share.
 */
export async function startServer(env: NodeJS.ProcessEnv = process.env): Promise<RunningServer> {
  const config = loadConfig(env, process.cwd());
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  const services = await createServices(config);
  registerServices(services);

  const app = next({ dev: config.dev, dir: ROOT, hostname: config.host, port: config.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const nextUpgrade = config.dev ? app.getUpgradeHandler() : undefined;
  const collabUpgrade = createUpgradeHandler(services);

  let inFlight = 0;
  const server = http.createServer((req, res) => {
    // The client address comes from the socket, never from the client.
    req.headers[CLIENT_ADDRESS_HEADER] = req.socket.remoteAddress ?? "unknown";
    answerMethodNotAllowedAsJson(req, res);
    inFlight++;
    res.once("close", () => inFlight--);
    handle(req, res).catch((error: unknown) => {
      console.error("[server] request failed:", error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "internal", message: "internal error" } }));
    });
  });
  server.on("upgrade", (req, socket, head) => {
    const pathname = (req.url ?? "/").split("?")[0] ?? "/";
    if (nextUpgrade && pathname.startsWith("/_next/")) return void nextUpgrade(req, socket, head);
    void collabUpgrade(req, socket, head);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, resolve);
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      // Stop accepting, let requests in flight finish their writes, then close the store.
      server.close();
      server.closeIdleConnections();
      // Event streams never finish by themselves; end them so they do not hold shutdown up.
      services.feed.close();
      const deadline = Date.now() + 10_000;
      while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      server.closeAllConnections();
      collabUpgrade.close();
      await app.close?.();
      await services.close();
      registerServices(undefined);
    })());

  console.log(`Tracebook listening on ${url} (store: ${services.store.kind}, ${config.dev ? "development" : "production"})`);
  return { url, close };
}

async function main(): Promise<void> {
  let running: RunningServer;
  try {
    running = await startServer();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      console.log(`[server] ${signal}: shutting down`);
      running.close().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error("[server] shutdown failed:", error);
          process.exit(1);
        },
      );
    });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await main();
}

export { main };
