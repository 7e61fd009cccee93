import type { UserSummary } from "@/protocol/api";

/**
 * `@name` where a name can start: at the start or after a character that
 * cannot be part of a name or an e-mail address (as the server reads them,
 * collab/mentions.ts).
 */
const MENTION = /(?<![A-Za-z0-9_.@-])@([A-Za-z0-9][A-Za-z0-9_.-]*)/g;

export type BodyPart = { text: string; mention?: undefined } | { text: string; mention: UserSummary };

/**
 * A comment body cut into plain text and the @mentions the server kept
 * (members of the notebook); other @words stay plain text.
 *
 * @example
 * splitMentions("hi @ada.", [ada]) // [{ text: "hi " }, { text: "@ada", mention: ada }, { text: "." }]
 */
export function splitMentions(body: string, mentions: readonly UserSummary[]): BodyPart[] {
  const byName = new Map(mentions.map((user) => [user.username.toLowerCase(), user]));
  const parts: BodyPart[] = [];
  let last = 0;
  for (const match of body.matchAll(MENTION)) {
    const raw = match[1]!;
    // "@ada." at the end of a sentence: the name may or may not include the punctuation.
    const name = byName.has(raw.toLowerCase()) ? raw : raw.replace(/[_.-]+$/, "");
    const user = byName.get(name.toLowerCase());
    if (!user) continue;
    const start = match.index;
    if (start > last) parts.push({ text: body.slice(last, start) });
    parts.push({ text: `@${name}`, mention: user });
    last = start + 1 + name.length;
  }
  if (last < body.length) parts.push({ text: body.slice(last) });
  return parts;
}

/**
 * The @word being typed right before the caret, if any: where its "@" is
 * and what follows it so far.
 *
 * @example
 * mentionQueryAt("ping @ad", 8) // { start: 5, query: "ad" }
 */
export function mentionQueryAt(text: string, caret: number): { start: number; query: string } | null {
  const match = /(?<![A-Za-z0-9_.@-])@([A-Za-z0-9_.-]*)$/.exec(text.slice(0, caret));
  if (!match) return null;
  return { start: match.index, query: match[1]! };
}

/**
 * Members whose username or name starts with the query (names by any word),
 * usernames that match first; at most `limit`.
 *
 * @example
 * suggestMembers(members, "bo") // [{ username: "bob", name: "Bob Builder" }]
 */
export function suggestMembers(members: readonly UserSummary[], query: string, limit = 6): UserSummary[] {
  const q = query.toLowerCase();
  const byUsername = members.filter((m) => m.username.toLowerCase().startsWith(q));
  const byName = members.filter(
    (m) => !byUsername.includes(m) && m.name.toLowerCase().split(/\s+/).some((word) => word.startsWith(q)),
  );
  return [...byUsername, ...byName].slice(0, limit);
}

/**
 * The text with the @word at `start` (up to the caret) replaced by a full
 * mention and a space, and where the caret goes.
 *
 * @example
 * completeMention("ping @ad now", 5, 8, "ada") // { text: "ping @ada  now", caret: 10 }
 */
export function completeMention(text: string, start: number, caret: number, username: string): { text: string; caret: number } {
  const inserted = `@${username} `;
  return { text: text.slice(0, start) + inserted + text.slice(caret), caret: start + inserted.length };
}
