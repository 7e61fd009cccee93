import type { WorkspaceRole } from "@/protocol/roles";

export interface NavItem {
  href: string;
  label: string;
  /** Workspace roles that see the entry; absent means everyone. */
  roles?: readonly WorkspaceRole[];
}

/**
 * The workbench's left navigation. Only pages that exist are listed; new
 * areas (experiments, models, …) add an entry here when their page lands.
 */
export const NAV_ITEMS: readonly NavItem[] = [
  { href: "/notebooks", label: "Notebooks" },
  { href: "/datasets", label: "Datasets" },
  { href: "/experiments", label: "Experiments" },
  { href: "/members", label: "Members", roles: ["admin"] },
  { href: "/settings/kernel", label: "Kernel settings", roles: ["admin"] },
];

export function navFor(role: WorkspaceRole): NavItem[] {
  return NAV_ITEMS.filter((item) => !item.roles || item.roles.includes(role));
}
