import * as Y from "yjs";
import type { ConcurrentTrace } from "./editing-traces";

/**
 * Replays a concurrent editing trace by its `parents` rule: every
 * transaction starts from the merged state of its parents. Each agent edits
 * a private fork that holds exactly that state (its own history plus the
 * ancestors it has not merged yet), so the trace's positions mean what they
 * meant to the person typing. `deliver` gets each agent's fork after every
 * transaction, and may pause the replay (to let the network run).
 */
export async function replayConcurrentTrace(
  trace: ConcurrentTrace,
  base: Uint8Array,
  textOf: (doc: Y.Doc) => Y.Text,
  deliver: (agent: number, fork: Y.Doc, index: number) => void | Promise<void>,
): Promise<void> {
  const updates: Uint8Array[] = [];
  const forks = Array.from({ length: trace.numAgents }, () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, base);
    return { doc, merged: new Set<number>(), last: -1 };
  });
  for (const [index, txn] of trace.txns.entries()) {
    const fork = forks[txn.agent]!;
    // Ancestors this fork lacks: walk back from the parents, stopping at merged ones.
    const missing: number[] = [];
    const stack = [...txn.parents];
    while (stack.length > 0) {
      const at = stack.pop()!;
      if (fork.merged.has(at)) continue;
      fork.merged.add(at);
      missing.push(at);
      stack.push(...trace.txns[at]!.parents);
    }
    if (fork.last >= 0 && !fork.merged.has(fork.last)) throw new Error(`txn ${index}: agent ${txn.agent}'s edits are not ordered`);
    missing.sort((a, b) => a - b);
    for (const at of missing) Y.applyUpdate(fork.doc, updates[at]!);
    let captured: Uint8Array = new Uint8Array([0, 0]);
    const capture = (update: Uint8Array) => (captured = update);
    fork.doc.on("update", capture);
    const text = textOf(fork.doc);
    fork.doc.transact(() => {
      for (const [position, deleted, inserted] of txn.patches) {
        if (deleted > 0) text.delete(position, deleted);
        if (inserted) text.insert(position, inserted);
      }
    });
    fork.doc.off("update", capture);
    updates[index] = captured;
    fork.merged.add(index);
    fork.last = index;
    await deliver(txn.agent, fork.doc, index);
  }
}
