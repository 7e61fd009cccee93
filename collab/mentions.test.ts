import { describe, expect, it } from "vitest";
import { COMMENT_LIMITS } from "../protocol/comments";
import { orderMentions, parseMentionNames } from "./mentions";

describe("parseMentionNames", () => {
  it("finds @names, lower-cased, distinct, in order", () => {
    expect(parseMentionNames("@Ada can you and @bob_k look? thanks @ADA")).toEqual(["ada", "bob_k"]);
  });

  it("offers a name with and without trailing punctuation", () => {
    expect(parseMentionNames("ask @carol.")).toEqual(["carol.", "carol"]);
    expect(parseMentionNames("(@dave-)")).toEqual(["dave-", "dave"]);
  });

  it("ignores e-mail addresses, bare @ and names of the wrong length", () => {
    expect(parseMentionNames("mail ada@example.com or @ or @ab or @" + "x".repeat(33))).toEqual([]);
  });

  it("finds names at the start, after newlines and after brackets", () => {
    expect(parseMentionNames("@eve\n@frank (@gina)")).toEqual(["eve", "frank", "gina"]);
  });

  it("looks up at most the configured number of names", () => {
    const body = Array.from({ length: 200 }, (_, i) => `@user${i}`).join(" ");
    expect(parseMentionNames(body)).toHaveLength(COMMENT_LIMITS.mentionsPerComment);
  });
});

describe("orderMentions", () => {
  it("orders users by first mention", () => {
    const found = [{ username: "ada" }, { username: "bob" }];
    expect(orderMentions(["bob", "ada"], found).map((u) => u.username)).toEqual(["bob", "ada"]);
  });
});
