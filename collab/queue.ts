/**
 * Runs tasks one at a time per key (a notebook id), in call order. Whole-
 * document rewrites (restore, import) each read the document and then
 * edit it; two at once would compute their edits from the same state and
 * merge into a mix of both.
 *
 * @example
 * const queue = createKeyedQueue();
 * await queue.run(notebookId, () => restore());
 */
export function createKeyedQueue() {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, task: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.catch(() => undefined).then(task);
      const tail = result.catch(() => undefined);
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
  };
}

export type KeyedQueue = ReturnType<typeof createKeyedQueue>;
