"use client";

import { Alert } from "@/app/_components/Alert";
import { useCurrentUser } from "@/app/_components/SessionContext";
import { api, errorMessage } from "@/app/_lib/api";
import { useApiList } from "@/app/_lib/use-api-list";
import type { UserView } from "@/protocol/api";
import { AddUserForm } from "./AddUserForm";
import { InvitesPanel } from "./InvitesPanel";
import { UsersTable } from "./UsersTable";

/** Workspace members (admins only): accounts, roles, and invite links. */
export function MembersView() {
  const { items: users, error, setError, reload: load } = useApiList<UserView>("/api/users", "users");
  const me = useCurrentUser();

  async function update(user: UserView, patch: { role?: UserView["role"]; disabled?: boolean }) {
    setError("");
    try {
      await api("PATCH", `/api/users/${user.id}`, { body: patch });
      // Changing one's own role changes the navigation and what this page may do.
      if (user.id === me.id) return window.location.reload();
    } catch (e) {
      setError(errorMessage(e));
    }
    await load();
  }

  return (
    <section className="page">
      <header className="page-header">
        <div>
          <h1>Members</h1>
          <p className="muted">Everyone with an account in this workspace.</p>
        </div>
      </header>
      <Alert>{error}</Alert>
      {users === null ? !error && <p className="muted">Loading…</p> : <UsersTable users={users} onUpdate={update} />}
      <div className="grid-2">
        <div className="panel">
          <h2>Add user</h2>
          <AddUserForm onAdded={() => void load()} />
        </div>
        <div className="panel">
          <h2>Invite</h2>
          <InvitesPanel />
        </div>
      </div>
    </section>
  );
}
