import type { UserId } from "../protocol/ids";
import type { WorkspaceRole } from "../protocol/roles";

/** Who is making a request, and how they proved it. */
export interface Principal {
  user: { id: UserId; username: string; name: string; role: WorkspaceRole };
  via: "session" | "token";
  /** Present for cookie sessions: the session id and its CSRF token. */
  session?: { id: string; csrfToken: string; expiresAt: Date };
}
