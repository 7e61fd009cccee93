import { describe, expect, it } from "vitest";
import { isAppError } from "../protocol/errors";
import { createFailureLimiter } from "./rate-limit";

describe("failure limiter", () => {
  it("refuses after max failures until the window passes, with Retry-After", () => {
    let now = 1_000_000;
    const limiter = createFailureLimiter({ max: 3, windowMs: 60_000, now: () => now });
    for (let i = 0; i < 3; i++) {
      limiter.check("user:a");
      limiter.fail("user:a");
    }
    let caught: unknown;
    try {
      limiter.check("user:a");
    } catch (error) {
      caught = error;
    }
    expect(isAppError(caught) && caught.code).toBe("rate_limited");
    expect(isAppError(caught) && caught.headers["retry-after"]).toBe("60");
    limiter.check("user:b"); // other keys are untouched
    now += 60_000;
    expect(() => limiter.check("user:a")).not.toThrow();
  });

  it("forgets a key on reset", () => {
    const limiter = createFailureLimiter({ max: 1, windowMs: 60_000 });
    limiter.fail("k");
    expect(() => limiter.check("k")).toThrow();
    limiter.reset("k");
    expect(() => limiter.check("k")).not.toThrow();
  });
});
