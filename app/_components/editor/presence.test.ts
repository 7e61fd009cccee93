import { describe, expect, test } from "vitest";
import { colorFor, cssString, initialsOf, PALETTE, peersOf, peopleOf, resolveColor, type Peer } from "./presence";

describe("presence", () => {
  test("colours are stable per user and come from the palette", () => {
    expect(colorFor("user-1")).toBe(colorFor("user-1"));
    expect(colorFor("user-1")).toMatch(/^#[0-9a-f]{6}$/);
    const colours = new Set(Array.from({ length: 50 }, (_, i) => colorFor(`user-${i}`)));
    expect(colours.size).toBeGreaterThan(3);
  });

  test("initials take the first and last word", () => {
    expect(initialsOf("Ada Lovelace")).toBe("AL");
    expect(initialsOf("Rita Q. Runner")).toBe("RR");
    expect(initialsOf("bob")).toBe("BO");
    expect(initialsOf("  ")).toBe("?");
  });

  test("states without a well-formed user are not peers", () => {
    const states = new Map<number, Record<string, unknown>>([
      [9, { user: { id: "b", name: "Bob", color: "#2b8a3e" }, cell: "c1" }],
      [1, { cell: "c1" }],
      [3, { user: { id: "a", name: "Ada", color: "#e8590c" } }],
      [4, { user: { id: "x", name: "Evil", color: "red;}body{display:none" } }],
      [5, { user: "nobody" }],
      [6, {}],
    ]);
    expect(peersOf(states)).toEqual([
      { clientId: 3, user: { id: "a", name: "Ada", color: "#e8590c" }, cell: null },
      { clientId: 9, user: { id: "b", name: "Bob", color: "#2b8a3e" }, cell: "c1" },
    ]);
  });

  test("people are listed once each, the local user first", () => {
    const ada = { id: "a", name: "Ada", color: "#e8590c" };
    const bob = { id: "b", name: "Bob", color: "#2b8a3e" };
    const zed = { id: "z", name: "Zed", color: "#7048e8" };
    const peers = [
      { clientId: 1, user: bob, cell: null },
      { clientId: 2, user: zed, cell: null },
      { clientId: 3, user: bob, cell: "c" },
      { clientId: 4, user: ada, cell: null },
    ];
    expect(peopleOf(peers, "z").map((u) => u.name)).toEqual(["Zed", "Ada", "Bob"]);
  });

  test("names become safe CSS strings", () => {
    expect(cssString("Bob Builder")).toBe('"Bob Builder"');
    expect(cssString('a"}b')).toBe('"a\\22 \\7d b"');
    expect(cssString("Zoë 李")).toBe('"Zoë 李"');
    expect(cssString("a\\b\n")).toBe('"a\\5c b\\a "');
  });
});

describe("distinct colours", () => {
  const peer = (clientId: number, id: string, color: string): Peer => ({ clientId, user: { id, name: id, color }, cell: null });

  test("the later of two people in one colour moves to a free one; the earlier keeps it", () => {
    const [first, second, third] = PALETTE;
    const peers = [peer(1, "ada", first), peer(2, "bob", first), peer(3, "vera", second)];
    expect(resolveColor(peers, 1)).toBeNull();
    expect(resolveColor(peers, 2)).toBe(third);
    expect(resolveColor(peers, 3)).toBeNull();
  });

  test("one person's tabs may share a colour", () => {
    const peers = [peer(1, "ada", PALETTE[0]), peer(2, "ada", PALETTE[0])];
    expect(resolveColor(peers, 2)).toBeNull();
    expect(resolveColor([], 2)).toBeNull();
  });
});
