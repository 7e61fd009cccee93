import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { choosePieceBytes, DEFAULT_PIECE_BYTES, MAX_PIECE_BYTES, measureMeanLineBytes, readCsvHead, ROW_GROUP_ROWS } from "./csv-chunks";
import { openFixture, type DataFixture } from "./testing";

let fx: DataFixture;
beforeAll(async () => { fx = await openFixture(); });
afterAll(async () => { await fx.close(); });

describe("choosePieceBytes", () => {
  it("sizes a piece to hold more than a row group of lines, in whole rounds of one piece per thread", () => {
    for (const [fileBytes, meanLineBytes, threads] of [[87e6, 87, 2], [87e6, 87, 3], [500e6, 70, 4], [1e9, 200, 2]] as const) {
      const piece = choosePieceBytes({ fileBytes, meanLineBytes, threads })!;
      expect(piece).toBeGreaterThan(DEFAULT_PIECE_BYTES);
      expect(piece).toBeLessThanOrEqual(MAX_PIECE_BYTES);
      expect(piece / meanLineBytes).toBeGreaterThan(ROW_GROUP_ROWS * 1.2);
      expect(Math.ceil(fileBytes / piece) % threads).toBe(0);
    }
  });

  it("keeps DuckDB's default where it already fills a row group, where lines are too long, or the file too small", () => {
    expect(choosePieceBytes({ fileBytes: 87e6, meanLineBytes: 40, threads: 2 })).toBeNull();
    expect(choosePieceBytes({ fileBytes: 4e9, meanLineBytes: MAX_PIECE_BYTES / ROW_GROUP_ROWS, threads: 2 })).toBeNull();
    // Four 13 MB pieces are needed for two threads to get two each.
    expect(choosePieceBytes({ fileBytes: 50e6, meanLineBytes: 87, threads: 2 })).toBeNull();
    expect(choosePieceBytes({ fileBytes: 87e6, meanLineBytes: 87, threads: 16 })).toBeNull();
    expect(choosePieceBytes({ fileBytes: 87e6, meanLineBytes: Number.NaN, threads: 2 })).toBeNull();
  });
});

describe("measureMeanLineBytes", () => {
  it("averages the complete lines at the start of the file", async () => {
    expect(measureMeanLineBytes(await readCsvHead(await fx.write("m.csv", "a,b\n1,22\n333,4\n5,6")))).toBe(15 / 3);
    expect(measureMeanLineBytes(await readCsvHead(await fx.write("one.csv", "no newline at all")))).toBeNull();
  });
});
