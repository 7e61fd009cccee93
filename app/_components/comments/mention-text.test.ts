import { describe, expect, test } from "vitest";
import type { UserSummary } from "@/protocol/api";
import { completeMention, mentionQueryAt, splitMentions, suggestMembers } from "./mention-text";

const user = (username: string, name: string) => ({ id: `id-${username}`, username, name }) as UserSummary;
const ada = user("ada", "Ada Admin");
const bob = user("bob.k", "Bob Builder");
const rita = user("rita", "Rita Runner");

describe("splitMentions", () => {
  test("highlights only the mentions the server kept", () => {
    expect(splitMentions("hi @ada and @nobody, see @Bob.K.", [ada, bob])).toEqual([
      { text: "hi " },
      { text: "@ada", mention: ada },
      { text: " and @nobody, see " },
      { text: "@Bob.K", mention: bob },
      { text: "." },
    ]);
  });

  test("e-mail addresses and plain text stay plain", () => {
    expect(splitMentions("mail ada@example.com", [ada])).toEqual([{ text: "mail ada@example.com" }]);
    expect(splitMentions("", [ada])).toEqual([]);
    expect(splitMentions("@ada", [ada])).toEqual([{ text: "@ada", mention: ada }]);
  });
});

describe("mentionQueryAt", () => {
  test("finds the @word before the caret", () => {
    expect(mentionQueryAt("ping @ad", 8)).toEqual({ start: 5, query: "ad" });
    expect(mentionQueryAt("@", 1)).toEqual({ start: 0, query: "" });
    expect(mentionQueryAt("ping @ad now", 8)).toEqual({ start: 5, query: "ad" });
  });

  test("ignores e-mail addresses and finished words", () => {
    expect(mentionQueryAt("ada@exa", 7)).toBeNull();
    expect(mentionQueryAt("@ada now", 8)).toBeNull();
    expect(mentionQueryAt("no mention", 10)).toBeNull();
  });
});

describe("suggestMembers", () => {
  test("usernames first, then names by any word, case-insensitive", () => {
    expect(suggestMembers([ada, bob, rita], "r")).toEqual([rita]);
    expect(suggestMembers([ada, bob, rita], "RUN")).toEqual([rita]);
    expect(suggestMembers([ada, bob, rita], "b")).toEqual([bob]);
    expect(suggestMembers([ada, bob, rita], "")).toEqual([ada, bob, rita]);
    expect(suggestMembers([ada, bob, rita], "", 2)).toEqual([ada, bob]);
    expect(suggestMembers([ada, bob, rita], "zzz")).toEqual([]);
  });
});

test("completeMention replaces the partial word and places the caret after it", () => {
  expect(completeMention("ping @ad now", 5, 8, "ada")).toEqual({ text: "ping @ada  now", caret: 10 });
  expect(completeMention("@", 0, 1, "bob.k")).toEqual({ text: "@bob.k ", caret: 7 });
});
