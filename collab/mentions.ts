import { COMMENT_LIMITS } from "../protocol/comments";

/**
 * `@name` preceded by the start or by a character that cannot end a name or
 * an e-mail local part, so `ada@example.com` mentions nobody.
 */
const MENTION = /(?<![A-Za-z0-9_.@-])@([A-Za-z0-9][A-Za-z0-9_.-]*)/g;

/**
 * The usernames a comment body may mention, lower-cased, distinct, in order
 * of first appearance. A name followed by sentence punctuation ("@ada.") is
 * offered both with and without the trailing punctuation, since usernames
 * may themselves end in '.', '_' or '-'; the caller keeps those that exist.
 *
 * @example
 * parseMentionNames("@Ada, can @bob.k look? cc @ada.") // ["ada", "bob.k", "ada."]
 */
export function parseMentionNames(body: string): string[] {
  const names = new Set<string>();
  for (const match of body.matchAll(MENTION)) {
    const raw = match[1]!.toLowerCase();
    for (const name of [raw, raw.replace(/[_.-]+$/, "")]) {
      if (name.length >= 3 && name.length <= 32) names.add(name);
    }
    if (names.size >= COMMENT_LIMITS.mentionsPerComment) break;
  }
  return [...names].slice(0, COMMENT_LIMITS.mentionsPerComment);
}

/**
 * Orders found users by where their name first appears in the body.
 *
 * @example
 * orderMentions(["bob", "ada"], [{ id: "1", username: "ada" }, { id: "2", username: "bob" }]) // [bob, ada]
 */
export function orderMentions<U extends { username: string }>(names: string[], found: U[]): U[] {
  const rank = new Map(names.map((name, i) => [name, i]));
  return [...found].sort((a, b) => (rank.get(a.username) ?? 0) - (rank.get(b.username) ?? 0));
}
