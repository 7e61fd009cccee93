"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type * as Y from "yjs";
import { errorMessage } from "@/app/_lib/api";
import type { KernelInfo, RunRequest } from "@/protocol/kernel";
import type { RunMode } from "@/protocol/outputs";
import { fetchKernel, interruptKernel, putRunMode, requestRun, restartKernel } from "./kernel-api";
import { IDLE_POLL_MS, pollDelay } from "./kernel-status";
import type { WebsocketProvider } from "y-websocket";
import { createCommandChannel, SocketUnavailable, type CommandChannel } from "./socket-commands";
import type { StoredState } from "./stored-state";
import { waitUntilSaved } from "./wait-saved";

/** How long a run waits for the server to store the latest typing before going ahead anyway. */
const SAVE_WAIT_MS = 2000;

export type KernelAction = "interrupt" | "restart" | "mode";

export interface KernelControls {
  /** The kernel's state from the last poll, or null before the first answer. */
  info: KernelInfo | null;
  /** Why the last poll failed, while it keeps failing. */
  pollError: string | null;
  /** Why the last action failed, until dismissed or another action succeeds. */
  error: string | null;
  pending: KernelAction | null;
  run(request: RunRequest): void;
  interrupt(): void;
  /** Rejects with the API's refusal (the confirmation dialog shows it). */
  restart(): Promise<void>;
  setRunMode(mode: RunMode): void;
  dismissError(): void;
}

/**
 * The notebook's kernel as the page sees it: its state, polled every few
 * seconds while the page is visible (and right after each action), and the
 * actions on it. Outputs and cell states arrive through the document.
 *
 * @example
 * const kernel = useKernel(notebookId, doc, provider, session.stored);
 * kernel.run({ scope: "all" });
 */
export function useKernel(notebookId: string, doc: Y.Doc, provider: WebsocketProvider, stored: StoredState): KernelControls {
  const [info, setInfo] = useState<KernelInfo | null>(null);
  const [pollError, setPollError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<KernelAction | null>(null);
  const poke = useRef<() => void>(() => undefined);
  // Runs leave one after another, so the server queues them in the order they were asked for.
  const runs = useRef<Promise<void>>(Promise.resolve());
  const channel = useRef<CommandChannel | null>(null);

  useEffect(() => {
    const created = createCommandChannel(provider);
    channel.current = created;
    return () => {
      created.close();
      if (channel.current === created) channel.current = null;
    };
  }, [provider]);

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inFlight = false;
    let again = false;
    const schedule = (ms: number) => {
      clearTimeout(timer);
      timer = setTimeout(tick, ms);
    };
    async function tick(): Promise<void> {
      if (!live || document.visibilityState !== "visible") return;
      if (inFlight) {
        again = true;
        return;
      }
      inFlight = true;
      let delay = IDLE_POLL_MS;
      try {
        const next = await fetchKernel(notebookId);
        if (!live) return;
        setInfo(next);
        setPollError(null);
        delay = pollDelay(next);
      } catch (e) {
        if (live) setPollError(errorMessage(e));
      } finally {
        inFlight = false;
      }
      if (again) {
        again = false;
        delay = 0;
      }
      schedule(delay);
    }
    const onVisibility = () => {
      if (document.visibilityState === "visible") void tick();
    };
    poke.current = () => {
      clearTimeout(timer);
      void tick();
    };
    void tick();
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      live = false;
      clearTimeout(timer);
      poke.current = () => undefined;
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [notebookId]);

  const act = useCallback(async (action: KernelAction | null, call: () => Promise<unknown>, rethrow = false) => {
    if (action) setPending(action);
    try {
      const result = await call();
      if (result && typeof result === "object" && "status" in result && "queued" in result) setInfo(result as KernelInfo);
      setError(null);
    } catch (e) {
      if (rethrow) throw e;
      setError(errorMessage(e));
    } finally {
      if (action) setPending(null);
      poke.current();
    }
  }, []);

  const run = useCallback(
    (request: RunRequest) => {
      runs.current = runs.current.then(() =>
        act(null, async () => {
          // Over the socket the run travels behind the edits typed before it; over HTTP it first waits for them to be saved.
          try {
            if (!channel.current) throw new SocketUnavailable("no channel");
            await channel.current.send({ op: "run", request });
          } catch (error) {
            if (!(error instanceof SocketUnavailable)) throw error;
            await waitUntilSaved(doc, stored, SAVE_WAIT_MS);
            await requestRun(notebookId, request);
          }
        }),
      );
    },
    [act, doc, stored, notebookId],
  );

  return {
    info,
    pollError,
    error,
    pending,
    run,
    interrupt: () => void act("interrupt", () => interruptKernel(notebookId)),
    restart: () => act("restart", () => restartKernel(notebookId), true),
    setRunMode: (mode) => void act("mode", () => putRunMode(notebookId, mode)),
    dismissError: () => setError(null),
  };
}
