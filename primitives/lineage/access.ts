import type { Principal } from "../../auth/principal";

/** Throws (404/403) unless the principal may read the notebook: the notebook policy, as the server wires it. */
export type CanRead = (principal: Principal, notebookId: string) => Promise<void>;

/**
 * Lineage visibility for one request: a node or row of a notebook is visible
 * to that notebook's readers, one of no notebook to everyone. Each notebook's
 * permission is asked once per request.
 *
 * @example
 * const visible = readCheck(canRead, principal);
 * if (await visible(node.notebookId)) keep(node);
 */
export function readCheck(canRead: CanRead, principal: Principal): (notebookId: string | null) => Promise<boolean> {
  const known = new Map<string, Promise<boolean>>();
  return (notebookId) => {
    if (!notebookId) return Promise.resolve(true);
    let answer = known.get(notebookId);
    if (!answer) {
      answer = canRead(principal, notebookId).then(
        () => true,
        () => false,
      );
      known.set(notebookId, answer);
    }
    return answer;
  };
}

/** The notebooks among `candidates` that the check lets through. */
export async function filterReadable(visible: (notebookId: string) => Promise<boolean>, candidates: readonly string[]): Promise<string[]> {
  const answers = await Promise.all(candidates.map(visible));
  return candidates.filter((_, i) => answers[i]);
}
