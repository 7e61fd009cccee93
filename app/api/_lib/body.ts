import type { z } from "zod";
import { LIMITS } from "@/protocol/api";
import { AppError } from "@/protocol/errors";
import { parseInput } from "@/protocol/validation";

/**
 * Reads a JSON body within the size limit and validates it. Every failure
 * is a 4xx naming what is wrong; nothing has been written yet.
 */
export async function readBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  maxBytes: number = LIMITS.bodyBytes,
): Promise<z.infer<S>> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new AppError("unsupported_media_type", "send the body as application/json");
  }
  const text = new TextDecoder("utf-8", { fatal: false }).decode(await readLimitedBytes(request, maxBytes));
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AppError("invalid_json", `the body is not valid JSON: ${(error as Error).message}`);
  }
  return validateBody(schema, value);
}

/** Validates a decoded body; a 400 names every problem. */
export function validateBody<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  return parseInput(schema, value);
}

/**
 * `streamCancelled`: the body stream was cancelled halfway, which drops the
 * socket, so the response says the connection ends (a keep-alive client
 * otherwise reused it and met ECONNRESET on its next request). A body
 * refused by its declared length is left unread for the server to discard,
 * and the connection lives on: closing it there cut off clients still
 * sending (EPIPE before they could read the 413).
 */
function tooLarge(maxBytes: number, streamCancelled = false) {
  return new AppError("payload_too_large", `the body is larger than ${maxBytes} bytes`, streamCancelled ? { connection: "close" } : {});
}

/** The raw body, refused with 413 as soon as it (or its declared length) passes `maxBytes`. */
export async function readLimitedBytes(request: Request, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes, true);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
