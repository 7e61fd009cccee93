import { describe, expect, it } from "vitest";
import { readCookie } from "./cookies";

describe("readCookie", () => {
  it("finds a cookie among others and decodes it", () => {
    expect(readCookie("a=1; tb_session=x%2By; b=2", "tb_session")).toBe("x+y");
  });
  it("returns null for missing, malformed or undecodable values", () => {
    expect(readCookie(null, "a")).toBeNull();
    expect(readCookie("junk; b=2", "a")).toBeNull();
    expect(readCookie("a=%E0%A4%A", "a")).toBeNull();
  });
  it("does not match on a name suffix", () => {
    expect(readCookie("xtb_session=1", "tb_session")).toBeNull();
  });
});
