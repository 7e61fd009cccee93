import { mkdtemp, rm } from "node:fs/promises";
import type { IncomingMessage } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { writeStreamToFile } from "../../files/stream-file";
import { DataError } from "../errors";
import { getFollowingRedirects, HttpStatusError } from "./http-get";
import type { UrlPolicy } from "./url-policy";

/**
 * `data.loadUrl`'s download: the response body streams to a temp file (never
 * whole in memory), stopped at the size limit; DuckDB then reads the file.
 * The file keeps the URL's name, so the format comes from its extension and
 * errors name what the cell asked for.
 */
export interface Download {
  file: string;
  bytes: number;
  /** Removes the temp file and its folder. */
  remove(): Promise<void>;
}

const SAFE_NAME = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * Fetches `url` (http or https) into a temp file of at most `maxBytes`.
 * @example
 * const download = await downloadToTemp(new URL("https://example.org/iris.csv"), { maxBytes: 1e8, timeoutMs: 60_000, policy: PUBLIC_ONLY });
 * try { await loadFile(engine, download.file); } finally { await download.remove(); }
 */
export async function downloadToTemp(
  url: URL,
  options: { maxBytes: number; timeoutMs: number; policy: UrlPolicy; signal?: AbortSignal },
): Promise<Download> {
  const shown = `${url.origin}${url.pathname}`;
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = AbortSignal.any([timeout, ...(options.signal ? [options.signal] : [])]);
  // Which signal fired says why, whatever shape the aborted request's error has.
  const describe = (error: unknown) =>
    timeout.aborted ? `no complete answer within ${options.timeoutMs} ms` : options.signal?.aborted ? "the cell was interrupted" : describeError(error);
  const tooLarge = (max: number) =>
    new DataError("too_large", `${shown} is larger than the download limit of ${max} bytes (TRACEBOOK_UPLOAD_MAX_BYTES)`, { url: shown, maxBytes: max });
  let response: IncomingMessage;
  try {
    response = await getFollowingRedirects(url, { policy: options.policy, signal });
  } catch (error) {
    if (error instanceof DataError) throw error;
    if (error instanceof HttpStatusError) {
      throw new DataError("unreadable", `GET ${shown} ${error.message}`, { url: shown, status: error.status });
    }
    throw new DataError("unreadable", `could not fetch ${shown}: ${describe(error)}`, { url: shown });
  }
  const declared = Number(response.headers["content-length"] ?? Number.NaN);
  if (declared > options.maxBytes) {
    response.destroy();
    throw tooLarge(options.maxBytes);
  }
  const dir = await mkdtemp(path.join(tmpdir(), "tracebook-download-"));
  const base = path.posix.basename(decodeURIComponentSafe(url.pathname));
  const file = path.join(dir, SAFE_NAME.test(base) && !base.startsWith(".") ? base : "download");
  try {
    const { bytes } = await writeStreamToFile(response, file, { maxBytes: options.maxBytes, tooLarge, signal });
    return { file, bytes, remove: () => rm(dir, { recursive: true, force: true }) };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    if (error instanceof DataError) throw error;
    throw new DataError("unreadable", `downloading ${shown} failed: ${describe(error)}`, { url: shown });
  }
}

function describeError(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error instanceof Error ? error.message : String(error)}${cause}`;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
