import { open } from "node:fs/promises";

/**
 * How big a piece of a CSV file each of DuckDB's reader threads parses at a
 * time. DuckDB stores a table in row groups of 122,880 rows, and an
 * order-preserving CREATE TABLE AS keeps a thread's piece as it is only when
 * it holds at least one row group; a smaller piece is copied once more into
 * a merged one (a second append with its statistics: about a fifth of the
 * read's CPU time on 87-byte lines with DuckDB's default 8 MB pieces).
 * Pieces sized from the file's line length avoid that copy; order and
 * content do not change, only how the work is cut.
 */

/** Rows in one of DuckDB's row groups (its storage default). */
export const ROW_GROUP_ROWS = 122_880;
/** DuckDB's own piece per thread: its 32 MB buffer over the 4 pieces it cuts from one. */
export const DEFAULT_PIECE_BYTES = 8_000_000;
/** The largest piece asked for, so a buffer stays within DuckDB's default 32 MB one. */
export const MAX_PIECE_BYTES = 32_000_000;
/** Lines vary along a file; the estimate gets this much headroom so a piece still fills a row group. */
const HEADROOM = 1.25;
/** Bytes read from the start of the file to estimate the line length. */
const PROBE_BYTES = 1 << 20;

/**
 * The piece size in bytes for a file, or null to keep DuckDB's default:
 * where its 8 MB pieces already fill a row group, where lines are too long
 * for a piece of at most 32 MB to, or where the file would split into fewer
 * than two pieces per thread (fewer pieces would cost more parallelism than
 * the copy). The pieces come in whole rounds of one per thread, all of a
 * size, so no thread is left reading one more piece while the others wait.
 * @example
 * choosePieceBytes({ fileBytes: 87e6, meanLineBytes: 87, threads: 2 }); // 14_500_000 (6 pieces)
 * choosePieceBytes({ fileBytes: 87e6, meanLineBytes: 40, threads: 2 }); // null (8 MB holds 200k lines)
 */
export function choosePieceBytes(input: { fileBytes: number; meanLineBytes: number; threads: number }): number | null {
  const { fileBytes, meanLineBytes, threads } = input;
  if (!(meanLineBytes > 0) || !(threads > 0)) return null;
  const least = meanLineBytes * ROW_GROUP_ROWS * HEADROOM;
  if (least <= DEFAULT_PIECE_BYTES || least > MAX_PIECE_BYTES) return null;
  const pieces = Math.floor(fileBytes / least / threads) * threads;
  if (pieces < threads * 2) return null;
  return Math.min(MAX_PIECE_BYTES, Math.ceil(fileBytes / pieces / 1000) * 1000);
}

/**
 * The first MiB of a file, what the piece size and the dialect guess are
 * read off.
 * @example
 * const head = await readCsvHead("/data/sales.csv");
 */
export async function readCsvHead(path: string): Promise<Buffer> {
  const file = await open(path, "r");
  try {
    const probe = Buffer.allocUnsafe(PROBE_BYTES);
    const { bytesRead } = await file.read(probe, 0, PROBE_BYTES, 0);
    return probe.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/**
 * The mean length in bytes (newline included) of the complete lines in a
 * file's head; null when it holds none. Quoted newlines make it come out
 * short, which only means a smaller piece.
 * @example
 * measureMeanLineBytes(Buffer.from("a,b\n1,22\n")); // 5
 */
export function measureMeanLineBytes(head: Buffer): number | null {
  let lines = 0;
  let last = -1;
  for (let at = head.indexOf(10); at !== -1; at = head.indexOf(10, at + 1)) {
    lines++;
    last = at;
  }
  return lines === 0 ? null : (last + 1) / lines;
}
