import { describe, expect, expectTypeOf, it } from "vitest";
import { createNotebookBody, nameSchema, usernameSchema, type NotebookView } from "./api";
import type { NotebookId, UserId } from "./ids";
import { AppError, isAppError } from "./errors";

describe("names", () => {
  it("accepts plain names with punctuation and refuses markup and statement separators", () => {
    expect(nameSchema.parse("  Bob's churn model (v2) ")).toBe("Bob's churn model (v2)");
    expect(nameSchema.safeParse("<b>x</b>").success).toBe(false);
    expect(nameSchema.safeParse("x'); DROP TABLE notebooks;--").success).toBe(false);
    expect(nameSchema.safeParse("").success).toBe(false);
    expect(nameSchema.safeParse("a".repeat(121)).success).toBe(false);
    expect(nameSchema.safeParse("Modèle de churn 数据").success).toBe(true);
  });

  it("normalises usernames to lower case", () => {
    expect(usernameSchema.parse(" Ada.L ")).toBe("ada.l");
    expect(usernameSchema.safeParse("-ada").success).toBe(false);
  });

  it("refuses unknown fields", () => {
    expect(createNotebookBody.safeParse({ name: "x", owner: "me" }).success).toBe(false);
  });
});

describe("errors", () => {
  it("recognises app errors by brand, also across module copies", () => {
    const error = new AppError("not_found", "x");
    expect(isAppError(error)).toBe(true);
    expect(isAppError({ ...error, brand: error.brand, code: "not_found" })).toBe(true);
    expect(isAppError(new Error("x"))).toBe(false);
    expect(error.status).toBe(404);
  });
});

describe("branded ids (type level)", () => {
  it("keeps ids apart at compile time", () => {
    expectTypeOf<NotebookView["id"]>().toEqualTypeOf<NotebookId>();
    expectTypeOf<UserId>().not.toEqualTypeOf<NotebookId>();
    // @ts-expect-error a plain string is not a NotebookId
    const id: NotebookId = "3f0c";
    expect(typeof id).toBe("string");
  });
});
