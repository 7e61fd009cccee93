import type { Database } from "../db/client";
import type { FailureLimiter } from "./rate-limit";

/** What the auth modules need from outside; tests pass their own clock. */
export interface AuthDeps {
  db: Database;
  now: () => Date;
  sessionTtlMs: number;
  /** Failed logins per username. */
  loginLimiter: FailureLimiter;
  /** Failed logins per client address. */
  addressLimiter: FailureLimiter;
}
