"use client";

import Link from "next/link";
import { useCallback, useRef, useState } from "react";
import { api, ApiError, errorMessage } from "@/app/_lib/api";
import { useCurrentUser } from "./SessionContext";
import { useDismiss } from "./useDismiss";

/** The signed-in user's name, with password, API tokens and log out. */
export function UserMenu() {
  const user = useCurrentUser();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState("");
  const root = useRef<HTMLDivElement>(null);

  const close = useCallback(() => setOpen(false), []);
  useDismiss(root, open, close);

  async function logOut() {
    setError("");
    try {
      await api<null>("POST", "/api/auth/logout", { noRedirect: true });
    } catch (e) {
      // An already-ended session is logged out as far as the user is concerned.
      if (!(e instanceof ApiError && e.status === 401)) {
        setError(errorMessage(e));
        return;
      }
    }
    window.location.assign("/login");
  }

  return (
    <div className="usermenu" ref={root}>
      <button
        type="button"
        className="usermenu-button"
        aria-expanded={open}
        aria-label={`Account menu for ${user.name}`}
        data-testid="user-menu"
        onClick={() => setOpen((v) => !v)}
      >
        <span className="avatar" aria-hidden="true">
          {user.name.slice(0, 1).toUpperCase()}
        </span>
        <span className="usermenu-name">{user.name}</span>
        <span aria-hidden="true" className="caret">▾</span>
      </button>
      {open && (
        <div className="usermenu-panel">
          <div className="usermenu-who">
            <strong>{user.name}</strong>
            <span className="muted small">
              @{user.username} · {user.role}
            </span>
          </div>
          <ul>
            <li>
              <Link href="/settings/password" onClick={() => setOpen(false)}>
                Change password
              </Link>
            </li>
            <li>
              <Link href="/settings/tokens" onClick={() => setOpen(false)}>
                API tokens
              </Link>
            </li>
            <li>
              <button type="button" onClick={logOut}>
                Log out
              </button>
            </li>
          </ul>
          {error && (
            <p role="alert" className="alert alert-error small">
              {error}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
