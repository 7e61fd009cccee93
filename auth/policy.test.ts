import { describe, expect, it } from "vitest";
import { isAppError } from "../protocol/errors";
import { NOTEBOOK_ROLES, type NotebookRole } from "../protocol/roles";
import type { UserId } from "../protocol/ids";
import { canDoNotebook, requireNotebook, requireWorkspace } from "./policy";
import type { Principal } from "./principal";

const member: Principal = { user: { id: "u1" as UserId, username: "m", name: "M", role: "member" }, via: "session" };
const admin: Principal = { ...member, user: { ...member.user, role: "admin" } };

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (error) {
    return isAppError(error) ? error.code : "other";
  }
}

describe("notebook policy", () => {
  it("hides notebooks without a role as not found", () => {
    expect(codeOf(() => requireNotebook(member, null, "notebook.read"))).toBe("not_found");
  });

  it("lets admins act as owners", () => {
    expect(requireNotebook(admin, null, "notebook.delete")).toBe("owner");
  });

  it("orders roles: each allows a superset of the next", () => {
    const actions = ["notebook.read", "notebook.comment", "notebook.run", "notebook.edit", "notebook.share"] as const;
    const allowed = (role: NotebookRole) => actions.filter((a) => canDoNotebook(role, a)).length;
    const counts = NOTEBOOK_ROLES.map(allowed);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(counts[0]).toBe(actions.length);
  });

  it("lets runners run but not edit, reviewers comment but not run", () => {
    expect(canDoNotebook("runner", "notebook.run")).toBe(true);
    expect(canDoNotebook("runner", "notebook.edit")).toBe(false);
    expect(canDoNotebook("reviewer", "notebook.comment")).toBe(true);
    expect(canDoNotebook("reviewer", "notebook.run")).toBe(false);
    expect(canDoNotebook("viewer", "notebook.comment")).toBe(false);
    expect(codeOf(() => requireNotebook(member, "viewer", "notebook.rename"))).toBe("forbidden");
  });
});

describe("workspace policy", () => {
  it("reserves user management for admins", () => {
    expect(codeOf(() => requireWorkspace(member, "users.manage"))).toBe("forbidden");
    expect(codeOf(() => requireWorkspace(admin, "users.manage"))).toBeNull();
  });
});
