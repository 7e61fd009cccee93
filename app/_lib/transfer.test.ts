import { expect, test } from "vitest";
import { attachment } from "@/app/api/_lib/files";
import { filenameFromDisposition } from "./transfer";

test("reads the names the export route sends", () => {
  for (const name of ["Résumé.ipynb", 'He said "hi".ts', "plain.ipynb", "a;b (c) 'd'*.ts"]) {
    expect(filenameFromDisposition(attachment(name))).toBe(name);
  }
});

test("falls back to the plain name, and to null", () => {
  expect(filenameFromDisposition('attachment; filename="x.ipynb"')).toBe("x.ipynb");
  expect(filenameFromDisposition("attachment; filename=x.ts")).toBe("x.ts");
  expect(filenameFromDisposition(`attachment; filename="ok.ts"; filename*=UTF-8''%E0%A4%A`)).toBe("ok.ts");
  expect(filenameFromDisposition("attachment")).toBeNull();
  expect(filenameFromDisposition(null)).toBeNull();
});
