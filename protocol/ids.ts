import { z } from "zod";

/**
 * Branded ids. A brand is a compile-time tag only: values stay plain strings,
 * so they survive JSON, structured clone and the isolate boundary unchanged.
 */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type UserId = Brand<string, "UserId">;
export type NotebookId = Brand<string, "NotebookId">;
export type ApiTokenId = Brand<string, "ApiTokenId">;
export type InviteId = Brand<string, "InviteId">;

const uuid = z.string().uuid();

export const userIdSchema = uuid.transform((s) => s as UserId);
export const notebookIdSchema = uuid.transform((s) => s as NotebookId);
export const apiTokenIdSchema = uuid.transform((s) => s as ApiTokenId);
export const inviteIdSchema = uuid.transform((s) => s as InviteId);

/** Parses a path segment into an id, or returns null when it is not one. */
export function parseId<T>(schema: z.ZodType<T>, raw: string): T | null {
  const result = schema.safeParse(raw);
  return result.success ? result.data : null;
}
