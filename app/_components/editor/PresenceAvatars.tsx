"use client";

import { initialsOf, type PresenceUser } from "./presence";

/** Everyone who has the notebook open, one avatar per person, the local user first. */
export function PresenceAvatars({ people, selfId }: { people: PresenceUser[]; selfId: string }) {
  return (
    <ul className="presence" aria-label="People in this notebook" data-testid="presence">
      {people.map((user) => {
        const label = user.id === selfId ? `${user.name} (you)` : user.name;
        return (
          <li key={user.id} className="presence-avatar" style={{ background: user.color }} title={label} aria-label={label} data-testid="presence-avatar">
            {initialsOf(user.name)}
          </li>
        );
      })}
    </ul>
  );
}
