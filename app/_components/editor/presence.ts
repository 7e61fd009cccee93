/** Who is in a notebook, as told by the awareness states of its clients. */

export interface PresenceUser {
  id: string;
  name: string;
  color: string;
}

export interface Peer {
  clientId: number;
  user: PresenceUser;
  /** The cell the peer has focused, if any. */
  cell: string | null;
}

/** Readable on white with white initials, and told apart from each other. */
export const PALETTE = [
  "#e8590c",
  "#2b8a3e",
  "#c2255c",
  "#7048e8",
  "#0c8599",
  "#e67700",
  "#5c940d",
  "#1971c2",
  "#9c36b5",
  "#c92a2a",
  "#087f5b",
  "#495057",
] as const;

/**
 * A stable colour for a user, the same in every tab and for every viewer.
 *
 * @example
 * colorFor("3f2a…") // "#7048e8"
 */
export function colorFor(userId: string): string {
  let hash = 0;
  for (let i = 0; i < userId.length; i++) hash = (hash * 31 + userId.charCodeAt(i)) >>> 0;
  return PALETTE[hash % PALETTE.length]!;
}

/**
 * Up to two initials of a display name.
 *
 * @example
 * initialsOf("Ada Lovelace") // "AL"
 */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return "?";
  const first = words[0]!.charAt(0);
  const last = words.length > 1 ? words[words.length - 1]!.charAt(0) : words[0]!.charAt(1);
  return (first + last).toUpperCase();
}

/**
 * A colour for this client that no other person in the notebook wears: when
 * two people share one, the client with the higher id moves to the first free
 * colour (every client decides the same way, so it settles). Null: keep the
 * current colour.
 *
 * @example
 * const color = resolveColor(peersOf(awareness.getStates()), doc.clientID);
 * if (color) awareness.setLocalStateField("user", { ...me, color });
 */
export function resolveColor(peers: Peer[], selfClientId: number): string | null {
  const self = peers.find((peer) => peer.clientId === selfClientId);
  if (!self) return null;
  const others = peers.filter((peer) => peer.user.id !== self.user.id);
  const clash = others.some((peer) => peer.user.color === self.user.color && peer.clientId < selfClientId);
  if (!clash) return null;
  const taken = new Set(others.map((peer) => peer.user.color));
  return PALETTE.find((color) => !taken.has(color)) ?? null;
}

function readUser(value: unknown): PresenceUser | null {
  if (typeof value !== "object" || value === null) return null;
  const { id, name, color } = value as Record<string, unknown>;
  if (typeof id !== "string" || typeof name !== "string" || typeof color !== "string") return null;
  // Colours end up in a style sheet: only plain hex colours are accepted.
  if (!/^#[0-9a-f]{6}$/i.test(color)) return null;
  return { id, name: name.slice(0, 80), color };
}

/**
 * The clients of a notebook with a user, in client order; states without a
 * well-formed user are skipped.
 *
 * @example
 * peersOf(provider.awareness.getStates())
 */
export function peersOf(states: Map<number, Record<string, unknown>>): Peer[] {
  const peers: Peer[] = [];
  for (const [clientId, state] of states) {
    const user = readUser(state.user);
    if (!user) continue;
    peers.push({ clientId, user, cell: typeof state.cell === "string" ? state.cell : null });
  }
  return peers.sort((a, b) => a.clientId - b.clientId);
}

/**
 * One entry per person (a person with two tabs is shown once), the local
 * user first.
 *
 * @example
 * peopleOf(peers, me.id).map((u) => u.name)
 */
export function peopleOf(peers: Peer[], selfUserId: string): PresenceUser[] {
  const byId = new Map<string, PresenceUser>();
  for (const peer of peers) if (!byId.has(peer.user.id)) byId.set(peer.user.id, peer.user);
  return [...byId.values()].sort((a, b) => Number(b.id === selfUserId) - Number(a.id === selfUserId) || a.name.localeCompare(b.name));
}

/**
 * A CSS string literal for any text: everything but letters, digits and
 * spaces is written as a hex escape, so a name cannot break out of the rule.
 *
 * @example
 * cssString('Bob "B"') // the CSS text "Bob \22 B\22 "
 */
export function cssString(text: string): string {
  let out = "";
  for (const char of text) {
    out += /^[\p{L}\p{N} ]$/u.test(char) ? char : `\\${char.codePointAt(0)!.toString(16)} `;
  }
  return `"${out}"`;
}
