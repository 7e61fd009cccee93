"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { navFor } from "./nav";
import { useCurrentUser } from "./SessionContext";

export function SideNav() {
  const user = useCurrentUser();
  const pathname = usePathname();
  return (
    <nav className="sidenav" aria-label="Main">
      <ul>
        {navFor(user.role).map((item) => {
          const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
          return (
            <li key={item.href}>
              <Link href={item.href} className={active ? "nav-link active" : "nav-link"} aria-current={active ? "page" : undefined}>
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
