import type { Principal } from "../../auth/principal";
import type { NotebookAction } from "../../protocol/permissions";

/** How long a granted decision is reused. Revocations clear it at once; this bounds anything missed. */
const TTL_MS = 5_000;

/**
 * Remembers granted access decisions for a few seconds, so a burst of runs
 * (Shift+Enter down a notebook) costs one access query. Refusals are never
 * cached, and any access change to a notebook drops its entries.
 */
export function createAccessCache(
  authorize: (principal: Principal, notebookId: string, action: NotebookAction) => Promise<unknown>,
  now: () => number,
) {
  const granted = new Map<string, number>();
  const keyOf = (principal: Principal, notebookId: string, action: NotebookAction) =>
    `${notebookId}\u0000${principal.user.id}\u0000${principal.user.role}\u0000${action}`;
  return {
    async check(principal: Principal, notebookId: string, action: NotebookAction): Promise<void> {
      const key = keyOf(principal, notebookId, action);
      const until = granted.get(key);
      if (until !== undefined && until > now()) return;
      await authorize(principal, notebookId, action);
      granted.set(key, now() + TTL_MS);
    },
    clear(notebookId: string): void {
      for (const key of granted.keys()) if (key.startsWith(`${notebookId}\u0000`)) granted.delete(key);
    },
  };
}
