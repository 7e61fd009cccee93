"use client";

import { useEffect, useState } from "react";
import { api } from "@/app/_lib/api";
import type { MemberView, UserSummary } from "@/protocol/api";

/**
 * The notebook's members, for @mention suggestions; fetched once when first
 * needed. A failure only means no suggestions, so it is not reported.
 *
 * @example
 * const members = useMembers(notebookId, panelOpen);
 */
export function useMembers(notebookId: string, enabled: boolean): UserSummary[] {
  const [members, setMembers] = useState<UserSummary[] | null>(null);
  useEffect(() => {
    if (!enabled || members !== null) return;
    let live = true;
    api<{ members: MemberView[] }>("GET", `/api/notebooks/${encodeURIComponent(notebookId)}/members`)
      .then((r) => live && setMembers(r.members.map((m) => m.user)))
      .catch(() => live && setMembers([]));
    return () => {
      live = false;
    };
  }, [enabled, members, notebookId]);
  return members ?? [];
}
