import { ApiClient } from "../test/client";
import { ADMIN } from "../test/global-setup";
import { startServerProcess, type ServerProcess, type ServerProcessOptions } from "../test/server-process";

export interface BenchServer {
  process: ServerProcess;
  url: string;
  admin: ApiClient;
  /** An API token of the admin, for `/collab`. */
  token: string;
  createNotebook(name?: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts the real server as a child process (PGlite in its own data
 * directory unless `env` names a DATABASE_URL), signs up the admin and makes
 * an API token, ready for y-websocket clients. Node flags for the server
 * (say, `--cpu-prof`) come from `BENCH_SERVER_NODE_ARGS`.
 */
export async function startBenchServer(env: Record<string, string> = {}, options: ServerProcessOptions = {}): Promise<BenchServer> {
  // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles every server a benchmark starts.
  const extra = process.env.BENCH_SERVER_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const server = await startServerProcess(env, { ...options, nodeArgs: [...(options.nodeArgs ?? []), ...extra] });
  try {
    const admin = new ApiClient(server.url);
    const signup = await admin.post("/api/auth/signup", ADMIN);
    if (signup.status !== 201) throw new Error(`sign-up failed: ${JSON.stringify(signup.body)}`);
    const token = await admin.post("/api/tokens", { name: "bench" });
    if (token.status !== 201) throw new Error(`token failed: ${JSON.stringify(token.body)}`);
    return {
      process: server,
      url: server.url,
      admin,
      token: token.body.secret as string,
      async createNotebook(name = "bench") {
        const response = await admin.post("/api/notebooks", { name });
        if (response.status !== 201) throw new Error(`notebook failed: ${JSON.stringify(response.body)}`);
        return response.body.notebook.id as string;
      },
      stop: async () => void (await server.stop()),
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
