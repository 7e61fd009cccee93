"use client";

import { createContext, useContext, type ReactNode } from "react";
import type { CurrentUser } from "@/app/_lib/current-user";

const SessionContext = createContext<CurrentUser | null>(null);

export function SessionProvider({ user, children }: { user: CurrentUser; children: ReactNode }) {
  return <SessionContext.Provider value={user}>{children}</SessionContext.Provider>;
}

/** The signed-in user; only inside the workbench layout. */
export function useCurrentUser(): CurrentUser {
  const user = useContext(SessionContext);
  if (!user) throw new Error("useCurrentUser is used outside the workbench layout");
  return user;
}
