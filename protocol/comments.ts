import { z } from "zod";
import type { UserSummary } from "./api";
import type { Brand, NotebookId } from "./ids";

/**
 * Comment threads on notebook cells: request bodies, response shapes and the
 * live `comment` event. A thread is anchored to a cell and, optionally, to a
 * text range inside it given as two encoded `Y.RelativePosition`s (base64),
 * so the range follows concurrent edits of the cell's text.
 */

export type ThreadId = Brand<string, "ThreadId">;
export type CommentId = Brand<string, "CommentId">;

export const COMMENT_LIMITS = {
  /** Characters (UTF-16 code units) in one comment body, after trimming. */
  bodyChars: 10_000,
  /** Characters of quoted cell text kept with a ranged thread. */
  quoteChars: 1_000,
  /** Bytes of one encoded Y.RelativePosition. */
  anchorBytes: 256,
  /** Distinct @names looked up per comment; later ones are ignored. */
  mentionsPerComment: 64,
} as const;

/**
 * Encodes bytes as standard base64 (works in the browser and in Node).
 *
 * @example
 * encodeBase64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, 3)))
 */
export function encodeBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * Decodes standard base64; throws on anything else.
 *
 * @example
 * Y.decodeRelativePosition(decodeBase64(thread.anchorStart))
 */
export function decodeBase64(text: string): Uint8Array {
  if (!BASE64.test(text)) throw new Error("not base64");
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Postgres text cannot hold NUL, so it is refused up front instead of failing the insert. */
const noNul = (s: string) => !s.includes("\u0000");

/** Cell ids are uuids (new cells) or nbformat ids (imported cells). */
export const cellIdSchema = z
  .string()
  .min(1, "must not be empty")
  .max(128, "must be at most 128 characters")
  .regex(/^[A-Za-z0-9_-]+$/, "may contain only letters, digits, '_' and '-'");

export const commentBodySchema = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(COMMENT_LIMITS.bodyChars, `must be at most ${COMMENT_LIMITS.bodyChars} characters`)
  .refine(noNul, "must not contain NUL characters");

const anchorSchema = z
  .string()
  .min(1, "must not be empty")
  .max(Math.ceil(COMMENT_LIMITS.anchorBytes / 3) * 4, `must encode at most ${COMMENT_LIMITS.anchorBytes} bytes`)
  .regex(BASE64, "must be standard base64 of an encoded Y.RelativePosition")
  .transform((s) => decodeBase64(s));

export const createThreadBody = z
  .strictObject({
    cellId: cellIdSchema,
    body: commentBodySchema,
    anchorStart: anchorSchema.optional(),
    anchorEnd: anchorSchema.optional(),
    quote: z
      .string()
      .max(COMMENT_LIMITS.quoteChars, `must be at most ${COMMENT_LIMITS.quoteChars} characters`)
      .refine(noNul, "must not contain NUL characters")
      .optional(),
  })
  .refine((b) => (b.anchorStart === undefined) === (b.anchorEnd === undefined), {
    message: "give both anchorStart and anchorEnd, or neither",
    path: ["anchorEnd"],
  })
  .refine((b) => b.quote === undefined || b.anchorStart !== undefined, {
    message: "a quote needs an anchored range",
    path: ["quote"],
  });

export const replyBody = z.strictObject({ body: commentBodySchema });

/** What the browser sends (anchors as base64 strings). */
export type CreateThreadInput = z.input<typeof createThreadBody>;
/** What the server works with (anchors decoded to bytes). */
export type CreateThreadRequest = z.output<typeof createThreadBody>;

export interface CommentView {
  id: CommentId;
  threadId: ThreadId;
  /** null when the author's account no longer exists. */
  author: UserSummary | null;
  body: string;
  /** Notebook members (or admins) @mentioned in the body, in order of first mention. */
  mentions: UserSummary[];
  createdAt: string;
}

export interface ThreadView {
  id: ThreadId;
  notebookId: NotebookId;
  cellId: string;
  /** base64 of an encoded Y.RelativePosition in the cell's source; null for a whole-cell thread. */
  anchorStart: string | null;
  anchorEnd: string | null;
  /** The text the range covered when the thread was opened. */
  quote: string | null;
  createdBy: UserSummary | null;
  createdAt: string;
  resolved: boolean;
  resolvedAt: string | null;
  resolvedBy: UserSummary | null;
  /** Oldest first; the first one opened the thread. */
  comments: CommentView[];
}

export const COMMENT_ACTIONS = ["created", "replied", "resolved", "reopened"] as const;
export type CommentAction = (typeof COMMENT_ACTIONS)[number];

/** The `data` of a `comment` event on `GET /api/notebooks/:id/events`. */
export interface CommentEvent {
  notebookId: NotebookId;
  action: CommentAction;
  thread: ThreadView;
}

/**
 * Why the server ended an event stream (the `data.reason` of an `end` event).
 * After `revoked`, `trashed` and `deleted` a client should not reconnect.
 */
export const FEED_END_REASONS = ["revoked", "trashed", "deleted", "shutdown", "overflow"] as const;
export type FeedEndReason = (typeof FEED_END_REASONS)[number];
export const FINAL_END_REASONS: readonly FeedEndReason[] = ["revoked", "trashed", "deleted"];
