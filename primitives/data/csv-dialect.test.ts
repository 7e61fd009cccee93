import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guessPlainDialect } from "./csv-dialect";
import { quoteLiteral } from "./sql";
import { openFixture, type DataFixture } from "./testing";

let fx: DataFixture;
beforeAll(async () => { fx = await openFixture(); });
afterAll(async () => { await fx.close(); });

const guess = (text: string) => guessPlainDialect(Buffer.from(text))?.delimiter ?? null;

/** Files the guess answers for, and the delimiter it gives. */
const PLAIN: [string, string, string][] = [
  ["commas", "id,qty,price,day,ok\n1,5,2.5,2024-01-02,true\n2,7,3.25,2024-01-03,false\n3,,4,2024-01-04,true\n", ","],
  ["quoted commas", 'id,name,note\n1,"Smith, J","said ""hi"""\n2,"Lee, K",\n3,Ng,"multi\nline"\n', ","],
  ["semicolons and decimal commas", "id;price;city\n1;2,5;Paris\n2;3,75;Lyon\n3;4,0;Nice\n", ";"],
  ["tabs", "a\tb\tc\n1\tx y\t2\n3\tz\t4\n", "\t"],
  ["pipes", "a|b\n1|2\n3|4\n", "|"],
  ["no header", "1,2.5,x\n2,3.5,y\n3,4.5,z\n", ","],
  ["CRLF", "a,b\r\n1,2\r\n3,4\r\n", ","],
];

describe("guessPlainDialect", () => {
  it.each(PLAIN)("reads %s", (_name, text, delimiter) => {
    expect(guess(text)).toBe(delimiter);
  });

  it("ignores the record the sample cuts off", () => {
    expect(guess('a,b\n1,2\n3,4\n5,"unfin')).toBe(",");
    expect(guess("a;b\n1;2\n3;4\n5,6,7")).toBe(";");
  });

  it("says nothing where the sample reads more than one way or none", () => {
    expect(guess("a;b,c\n1;2,3\n4;5,6\n")).toBeNull(); // both ";" and "," split evenly
    expect(guess("just one column\nvalue\nvalue\n")).toBeNull();
    expect(guess("a,b\n1,2\n3\n")).toBeNull(); // ragged
    expect(guess("a,b\n1,2\n")).toBeNull(); // too few records
    expect(guess("a,b\n'x,y',2\n3,4\n")).toBeNull(); // single quotes: another quoting
    expect(guess('a,b\n"x\\"y",2\n3,4\n')).toBeNull(); // backslash escapes
    expect(guess("# exported 2024\na,b\n1,2\n3,4\n")).toBeNull(); // a comment line
    expect(guess("a,b\n\n1,2\n3,4\n")).toBeNull(); // a blank line
    expect(guess('a,b\n1,x"y\n3,4\n')).toBeNull(); // a quote inside an unquoted field
    expect(guess('a,b\n1,"x"y\n3,4\n')).toBeNull(); // text after a closing quote
    expect(guess("a,b\r1,2\r3,4\r")).toBeNull(); // bare carriage returns
  });

  it.each(PLAIN)("agrees with DuckDB's unhinted sniffer on %s (same dialect, header and types)", async (name, text) => {
    const path = await fx.write(`${name.replace(/\W/g, "_")}.csv`, text);
    const dialect = guessPlainDialect(Buffer.from(text))!;
    const sniff = async (hints: string) => {
      const [row] = await fx.engine.query(`SELECT Delimiter, HasHeader, Columns, NewLineDelimiter FROM sniff_csv(${quoteLiteral(path)}, ignore_errors = true${hints})`);
      return row;
    };
    const hinted = await sniff(`, delim = ${quoteLiteral(dialect.delimiter)}, quote = '"', escape = '"'`);
    expect(hinted).toEqual(await sniff(""));
  });
});
