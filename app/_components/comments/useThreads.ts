"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { errorMessage } from "@/app/_lib/api";
import {
  createThread,
  listThreads,
  reopenThread,
  replyToThread,
  resolveThread,
  subscribeToNotebookEvents,
  upsertThread,
} from "@/app/_lib/comments";
import type { CreateThreadInput, ThreadView } from "@/protocol/comments";
import { mergeAnswer } from "./thread-list";

export interface Threads {
  threads: ThreadView[];
  /** The list has been fetched at least once. */
  loaded: boolean;
  /** Why live updates stopped for good (access revoked, notebook trashed), or why the list could not load. */
  problem: string;
  create(input: CreateThreadInput): Promise<ThreadView>;
  reply(threadId: string, body: string): Promise<void>;
  setResolved(threadId: string, resolved: boolean): Promise<void>;
}

const END_MESSAGES: Record<string, string> = {
  revoked: "Your access to this notebook was revoked; comments are no longer updated.",
  trashed: "This notebook was moved to the trash; comments are no longer updated.",
  deleted: "This notebook was deleted.",
  refused: "Live comment updates are not available; reload the page to try again.",
};

/**
 * A notebook's comment threads, kept live: fetched on every (re)connection
 * of the event stream, then merged with every `comment` event, so threads
 * that others open, answer or resolve appear without a reload. Events that
 * arrive while the list is being fetched are applied again on top of it
 * (they come in commit order, so the last one for a thread is its newest state).
 *
 * @example
 * const { threads, create } = useThreads(notebookId);
 */
export function useThreads(notebookId: string): Threads {
  const [threads, setThreads] = useState<ThreadView[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [problem, setProblem] = useState("");
  const inFlight = useRef<ThreadView[] | null>(null);

  useEffect(() => {
    let live = true;
    const unsubscribe = subscribeToNotebookEvents(notebookId, {
      onReady: () => {
        const seen: ThreadView[] = [];
        inFlight.current = seen;
        listThreads(notebookId)
          .then((list) => {
            if (!live) return;
            setThreads(seen.reduce<ThreadView[]>(upsertThread, list));
            setLoaded(true);
            setProblem("");
          })
          .catch((error: unknown) => live && setProblem(`The comments could not be loaded: ${errorMessage(error)}`))
          .finally(() => {
            if (inFlight.current === seen) inFlight.current = null;
          });
      },
      onComment: (event) => {
        inFlight.current?.push(event.thread);
        setThreads((list) => upsertThread(list, event.thread));
      },
      onEnd: (reason) => live && setProblem(END_MESSAGES[reason] ?? ""),
    });
    return () => {
      live = false;
      unsubscribe();
    };
  }, [notebookId]);

  const accept = useCallback((thread: ThreadView) => setThreads((list) => mergeAnswer(list, thread)), []);

  const create = useCallback(
    async (input: CreateThreadInput) => {
      const thread = await createThread(notebookId, input);
      accept(thread);
      return thread;
    },
    [accept, notebookId],
  );

  const reply = useCallback(
    async (threadId: string, body: string) => accept((await replyToThread(notebookId, threadId, body)).thread),
    [accept, notebookId],
  );

  const setResolved = useCallback(
    async (threadId: string, resolved: boolean) =>
      accept(await (resolved ? resolveThread(notebookId, threadId) : reopenThread(notebookId, threadId))),
    [accept, notebookId],
  );

  return { threads, loaded, problem, create, reply, setResolved };
}
