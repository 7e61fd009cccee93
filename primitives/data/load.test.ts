import { stat } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { choosePieceBytes, measureMeanLineBytes, readCsvHead } from "./csv-chunks";
import { DataError } from "./errors";
import { loadFile } from "./load";
import { listTables, openFixture, readAll, type DataFixture } from "./testing";

let fx: DataFixture;
beforeAll(async () => { fx = await openFixture(); });
afterAll(async () => { await fx.close(); });

async function expectDataError(promise: Promise<unknown>, code: string): Promise<DataError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(DataError);
  expect((error as DataError).code).toBe(code);
  return error as DataError;
}

describe("loadFile", () => {
  it("loads a CSV with inferred types and a content-derived id", async () => {
    const path = await fx.write("ok.csv", "id,name,score\n1,ann,2.5\n2,bob,3.5\n3,cy,\n");
    const { dataset, report } = await loadFile(fx.engine, path);
    expect(dataset.rowCount).toBe(3);
    expect(dataset.columns.map((c) => [c.name, c.kind])).toEqual([["id", "integer"], ["name", "string"], ["score", "float"]]);
    expect(report).toMatchObject({ format: "csv", rowCount: 3, badLineCount: 0, badLines: [] });
    expect(await readAll(fx.engine, dataset)).toEqual([
      { id: 1, name: "ann", score: 2.5 }, { id: 2, name: "bob", score: 3.5 }, { id: 3, name: "cy", score: null },
    ]);
    // The same bytes under another name are the same content, hence the same id.
    const again = await loadFile(fx.engine, await fx.write("copy.csv", "id,name,score\n1,ann,2.5\n2,bob,3.5\n3,cy,\n"));
    expect(again.dataset.id).toBe(dataset.id);
    // Row order is content: swapping two rows gives another id.
    const swapped = await loadFile(fx.engine, await fx.write("swap.csv", "id,name,score\n2,bob,3.5\n1,ann,2.5\n3,cy,\n"));
    expect(swapped.dataset.id).not.toBe(dataset.id);
  });

  it("fails on malformed lines with their line numbers and leaves no table", async () => {
    const before = await listTables(fx.engine);
    const path = await fx.write("bad.csv", "a,b,c\n1,x,2.5\n2,y\n3,z,4.5,9\n4,w,5.5\n5,v,6.5\n");
    const error = await expectDataError(loadFile(fx.engine, path), "bad_lines");
    expect(error.details.badLineCount).toBe(2);
    expect((error.details.badLines as { line: number }[]).map((b) => b.line)).toEqual([3, 4]);
    expect(error.message).toContain("line 3");
    expect(error.message).toContain("line 4");
    expect(await listTables(fx.engine)).toEqual(before);
  });

  it("reads ISO dates natively, and still reports a malformed one past the sample with its line", async () => {
    const iso = (i: number) => new Date(Date.UTC(2000, 0, 1) + i * 86_400_000 + i * 1000).toISOString();
    const rows = Array.from({ length: 30_000 }, (_, i) => `${i},${iso(i).slice(0, 10)},${iso(i).slice(0, 19).replace("T", " ")}`);
    const good = await loadFile(fx.engine, await fx.write("dates.csv", `id,day,at\n${rows.join("\n")}\n`));
    expect(good.dataset.columns.map((c) => c.type)).toEqual(["BIGINT", "DATE", "TIMESTAMP"]);
    const [last] = await fx.engine.query(`SELECT * FROM ${good.dataset.table} WHERE id = 29999`);
    expect(last).toEqual({ id: 29_999, day: iso(29_999).slice(0, 10), at: `${iso(29_999).slice(0, 19)}.000Z` });
    // Past the sniffer's sample, a date that is not one is a bad line, as it was with the sniffed format.
    const bad = [...rows, "30000,2082-02-30,2082-02-03 04:05:06", "30001,2082-03-01,2082-03-01 04:05:06"];
    const error = await expectDataError(loadFile(fx.engine, await fx.write("bad-dates.csv", `id,day,at\n${bad.join("\n")}\n`)), "bad_lines");
    expect((error.details.badLines as { line: number; column: string }[]).map((b) => [b.line, b.column])).toEqual([[30_002, "day"]]);
  });

  it("skips malformed lines only when asked, and still reports them", async () => {
    const path = await fx.write("bad2.csv", "a,b,c\n1,x,2.5\n2,y\n3,z,4.5,9\n4,w,5.5\n5,v,6.5\n");
    const { dataset, report } = await loadFile(fx.engine, path, { skipBadLines: true });
    expect(dataset.rowCount).toBe(3);
    expect(report.badLineCount).toBe(2);
    expect(report.badLines).toEqual([
      { line: 3, column: "c", error: "Expected Number of Columns: 3 Found: 2", text: "2,y" },
      { line: 4, column: null, error: "Expected Number of Columns: 3 Found: 4", text: "3,z,4.5,9" },
    ]);
  });

  it("fails on a file that is not UTF-8 even when skipping bad lines", async () => {
    const before = await listTables(fx.engine);
    const path = await fx.write("latin.csv", Buffer.concat([Buffer.from("a,b\n1,ok\n2,caf"), Buffer.from([0xe9]), Buffer.from("\n3,ok\n")]));
    const error = await expectDataError(loadFile(fx.engine, path, { skipBadLines: true }), "bad_encoding");
    expect(error.details.line).toBe(3);
    expect(await listTables(fx.engine)).toEqual(before);
    const { dataset } = await loadFile(fx.engine, path, { encoding: "latin-1" });
    expect((await readAll(fx.engine, dataset))[1]).toEqual({ a: 2, b: "café" });
  });

  it("fails on a file over the size limit before reading it", async () => {
    const path = await fx.write("big.csv", "a\n" + "1\n".repeat(100));
    const error = await expectDataError(loadFile(fx.engine, path, { maxBytes: 50 }), "too_large");
    expect(error.details).toMatchObject({ bytes: 202, maxBytes: 50 });
  });

  it("reports a CSV cut mid-line as a bad last line", async () => {
    const path = await fx.write("cut.csv", "a,b,c\n1,x,2.5\n2,y,3.5\n3,z");
    const error = await expectDataError(loadFile(fx.engine, path), "bad_lines");
    expect((error.details.badLines as { line: number }[]).map((b) => b.line)).toEqual([4]);
  });

  it("loads TSV, JSON, NDJSON and Parquet", async () => {
    const tsv = await loadFile(fx.engine, await fx.write("t.tsv", "a\tb\n1\tx y\n2\tz\n"));
    expect(await readAll(fx.engine, tsv.dataset)).toEqual([{ a: 1, b: "x y" }, { a: 2, b: "z" }]);
    const json = await loadFile(fx.engine, await fx.write("t.json", '[{"a":1,"b":"x"},{"a":2,"b":null}]'));
    expect(await readAll(fx.engine, json.dataset)).toEqual([{ a: 1, b: "x" }, { a: 2, b: null }]);
    const nd = await loadFile(fx.engine, await fx.write("t.ndjson", '{"a":1,"b":"x"}\n{"a":2,"b":null}\n'));
    expect(nd.dataset.id).toBe(json.dataset.id);
    const parquetPath = `${fx.dir}/t.parquet`;
    await fx.engine.execute(`COPY (SELECT * FROM ${json.dataset.table}) TO '${parquetPath}' (FORMAT parquet)`);
    const pq = await loadFile(fx.engine, parquetPath);
    expect(pq.dataset.id).toBe(json.dataset.id);
  });

  it("fails clearly on truncated JSON and Parquet, leaving no table", async () => {
    const before = await listTables(fx.engine);
    await expectDataError(loadFile(fx.engine, await fx.write("cut.json", '[{"a":1},{"a":2')), "unreadable");
    const parquetPath = `${fx.dir}/full.parquet`;
    await fx.engine.execute(`COPY (SELECT range AS a FROM range(1000)) TO '${parquetPath}' (FORMAT parquet)`);
    const { readFile } = await import("node:fs/promises");
    const bytes = await readFile(parquetPath);
    const error = await expectDataError(loadFile(fx.engine, await fx.write("cut.parquet", bytes.subarray(0, bytes.length >> 1))), "unreadable");
    expect(error.message).toMatch(/Parquet/);
    expect(await listTables(fx.engine)).toEqual(before);
  });

  it("reads gzipped text formats", async () => {
    const { gzipSync } = await import("node:zlib");
    const { dataset } = await loadFile(fx.engine, await fx.write("z.csv.gz", gzipSync("a,b\n1,x\n2,y\n")));
    expect(await readAll(fx.engine, dataset)).toEqual([{ a: 1, b: "x" }, { a: 2, b: "y" }]);
    const nd = await loadFile(fx.engine, await fx.write("z.ndjson.gz", gzipSync('{"a":1}\n{"a":2}\n')));
    expect(nd.dataset.rowCount).toBe(2);
    await expectDataError(loadFile(fx.engine, await fx.write("z.parquet.gz", "x")), "unsupported_format");
  });

  it("refuses an unknown extension and a missing file", async () => {
    await expectDataError(loadFile(fx.engine, await fx.write("x.xlsx", "nope")), "unsupported_format");
    await expectDataError(loadFile(fx.engine, `${fx.dir}/missing.csv`), "not_found");
  });
});

describe("loadFile, values past the type sample", () => {
  it("reports a value the sniffed type cannot hold as a bad line, and loads with columnTypes", async () => {
    const lines = Array.from({ length: 30_000 }, (_, i) => String(i));
    lines.push("abc");
    const path = await fx.write("late.csv", "v\n" + lines.join("\n") + "\n");
    const error = await expectDataError(loadFile(fx.engine, path), "bad_lines");
    expect(error.details.badLineCount).toBe(1);
    expect((error.details.badLines as { line: number; error: string }[])[0]).toMatchObject({ line: 30_002 });
    const { dataset } = await loadFile(fx.engine, path, { columnTypes: { v: "VARCHAR" } });
    expect(dataset.rowCount).toBe(30_001);
    expect(dataset.columns[0]!.type).toBe("VARCHAR");
  });

  it("samples the whole file for types when sampleSize is -1, past the sniffer's first buffer", async () => {
    // About 6 MB: the one value that is not an integer sits past the 4 MiB the sniffer reads first.
    const lines = Array.from({ length: 700_000 }, (_, i) => `${i},${i % 7}`);
    lines.push("n/a,1");
    const path = await fx.write("late-whole.csv", "v,w\n" + lines.join("\n") + "\n");
    expect((await stat(path)).size).toBeGreaterThan(4 * 2 ** 20);
    const { dataset } = await loadFile(fx.engine, path, { sampleSize: -1 });
    expect(dataset.rowCount).toBe(700_001);
    expect(dataset.columns.map((c) => c.type)).toEqual(["VARCHAR", "BIGINT"]);
    await expectDataError(loadFile(fx.engine, path), "bad_lines");
  });

  it("keeps quoted fields whole even when the sampled rows had no quotes", async () => {
    const lines = Array.from({ length: 25_000 }, (_, i) => `${i},plain`);
    lines.push('25000,"has, a comma"');
    const { dataset } = await loadFile(fx.engine, await fx.write("q.csv", "id,text\n" + lines.join("\n")));
    const [last] = await fx.engine.query(`SELECT text FROM ${dataset.table} WHERE id = 25000`);
    expect(last!.text).toBe("has, a comma");
  });

  it("fails on JSON that is not UTF-8", async () => {
    const path = await fx.write("latin.json", Buffer.concat([Buffer.from('[{"a":"caf'), Buffer.from([0xe9]), Buffer.from('"}]')]));
    await expectDataError(loadFile(fx.engine, path), "bad_encoding");
  });
});

describe("loadFile, a file read in row-group-sized pieces", () => {
  // 700k lines of ~72 bytes: 50 MB, enough for two 11 MB pieces per thread.
  const ROWS = 700_000;
  const line = (i: number) => `${i},${"x".repeat(60)}${i}`;

  it("keeps file order and content, and numbers a bad line in a later piece", async () => {
    const lines = Array.from({ length: ROWS }, (_, i) => line(i));
    const path = await fx.write("pieces.csv", `id,text\n${lines.join("\n")}\n`);
    const { size } = await stat(path);
    expect(choosePieceBytes({ fileBytes: size, meanLineBytes: measureMeanLineBytes(await readCsvHead(path))!, threads: 2 })).not.toBeNull();

    const { dataset } = await loadFile(fx.engine, path);
    const [order] = await fx.engine.query(`SELECT count(*) FILTER (WHERE id <> rowid) AS misplaced, count(*) AS n FROM ${dataset.table}`);
    expect(order).toEqual({ misplaced: 0, n: ROWS });
    // The same rows made in SQL are the same content: the id does not depend on how the file was cut.
    const made = await fx.engine.materialize(`SELECT range AS id, repeat('x', 60) || range::VARCHAR AS text FROM range(${ROWS}) ORDER BY range`);
    expect(made.id).toBe(dataset.id);

    lines[600_000] = "600000,too,many";
    const bad = await fx.write("pieces-bad.csv", `id,text\n${lines.join("\n")}\n`);
    const error = await expectDataError(loadFile(fx.engine, bad), "bad_lines");
    expect((error.details.badLines as { line: number }[]).map((b) => b.line)).toEqual([600_002]);
  });
});
