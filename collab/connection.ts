import type { Principal } from "../auth/index";

/**
 * One client of a room, independent of the transport (a WebSocket in
 * production, anything with send/close in tests).
 */
export interface Connection {
  readonly id: number;
  readonly principal: Principal;
  /** viewer and reviewer: document updates are refused, awareness flows. */
  readOnly: boolean;
  /** The client asked for the stored state vector (`?durable=1`, protocol/collab.ts). */
  readonly wantsDurable?: boolean;
  /** Awareness client ids this connection controls, removed when it leaves. */
  readonly awarenessIds: Set<number>;
  send(frame: Uint8Array): void;
  close(code: number, reason: string): void;
}

/** Close codes, in the 4400s as Hocuspocus uses them. */
export const CLOSE = {
  malformed: { code: 4400, reason: "malformed message" },
  forbidden: { code: 4403, reason: "access to this notebook was revoked" },
  gone: { code: 4404, reason: "the notebook was deleted or moved to the trash" },
  messageTooLarge: { code: 4413, reason: "message too large" },
  documentTooLarge: { code: 4413, reason: "document too large" },
  internal: { code: 4500, reason: "internal error" },
  shutdown: { code: 1001, reason: "server shutting down" },
} as const;
