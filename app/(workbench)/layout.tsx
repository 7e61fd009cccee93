import Link from "next/link";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { SessionProvider } from "@/app/_components/SessionContext";
import { SideNav } from "@/app/_components/SideNav";
import { UserMenu } from "@/app/_components/UserMenu";
import { getPrincipal, toCurrentUser } from "@/app/_lib/principal";

/** Signed-in pages: the guard, the top bar and the left navigation. */
export default async function WorkbenchLayout({ children }: { children: ReactNode }) {
  const principal = await getPrincipal();
  if (!principal) redirect("/login");
  return (
    <SessionProvider user={toCurrentUser(principal)}>
      <div className="workbench">
        <header className="topbar">
          <Link href="/notebooks" className="brand">
            <span className="brand-mark" aria-hidden="true" />
            Tracebook
          </Link>
          <UserMenu />
        </header>
        <div className="workbench-body">
          <SideNav />
          <main className="content">{children}</main>
        </div>
      </div>
    </SessionProvider>
  );
}
