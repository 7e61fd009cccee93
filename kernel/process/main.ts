import { startKernelChild } from "./child";
import { hostRegistry } from "./host";
import "./modules";

/**
 * The kernel child process's entry. The manager bundles this file to plain
 * JS (no TS loader in the child: cold start) and forks it with
 * `--no-node-snapshot` (isolated-vm) and an IPC channel.
 */
const send = process.send?.bind(process);
if (!send) {
  console.error("the kernel process must be started by the kernel manager, with an IPC channel");
  process.exit(2);
}

startKernelChild(
  {
    pid: process.pid,
    send: (message) => void send(message),
    onMessage: (listener) => process.on("message", listener),
    exit: (code) => process.exit(code),
  },
  hostRegistry,
);

// The server went away (crash, kill -9): a kernel never outlives it.
process.on("disconnect", () => process.exit(0));
process.on("uncaughtException", (error) => {
  console.error("[kernel] uncaught exception:", error);
  process.exit(70);
});
process.on("unhandledRejection", (reason) => {
  console.error("[kernel] unhandled rejection:", reason);
  process.exit(70);
});
