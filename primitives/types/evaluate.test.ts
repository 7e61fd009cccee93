import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { evaluateHostModule } from "../evaluate/host-module";

const DIR = path.dirname(fileURLToPath(import.meta.url));
const FILES = [path.join(DIR, "tracebook.d.ts"), path.join(DIR, "evaluate.d.ts")];
const CELL = path.join(DIR, "__evaluate_cell__.ts");

/** Type errors of the cell declarations plus one cell, with only ES2022 (what a cell sees). */
function diagnosticsOf(cellSource: string | null): string[] {
  return diagnosticsIn(cellSource).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

function diagnosticsIn(cellSource: string | null): readonly ts.Diagnostic[] {
  const options: ts.CompilerOptions = {
    strict: true, noUncheckedIndexedAccess: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler, lib: ["lib.es2022.d.ts"], types: [], skipLibCheck: false,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === CELL || fileExists(name);
  host.getSourceFile = (name, language) => (name === CELL ? ts.createSourceFile(name, cellSource ?? "", language) : getSourceFile(name, language));
  const program = ts.createProgram(cellSource === null ? FILES : [...FILES, CELL], options, host);
  return ts.getPreEmitDiagnostics(program);
}

const VALID_CELL = `
declare const test: EvaluateDatasetHandle;
export async function cell() {
  const f1: number = (await evaluate.f1([0, 1, 2], [0, 2, 1], { average: "macro", zeroDivision: NaN })).value;
  const perClass: number[] = (await evaluate.f1([0, 1, 2], [0, 2, 1], { average: null })).value;
  const auc = await evaluate.rocAuc([0, 1, 2], [[1, 0, 0], [0, 1, 0], [0, 0, 1]], { multiClass: "ovr", average: null });
  const labels: EvaluateLabel[] = auc.labels;
  const codes = (await evaluate.rocAuc([0, 0], [0.2, 0.7])).warnings.map((w) => w.code);
  const { report, evaluation } = await evaluate.classification(test, { yTrue: "label", yScore: ["p_a", "p_b", "p_c"], labels: ["a", "b", "c"], by: ["region"] });
  for (const s of report.sections) {
    if (s.kind === "table") display.table(s.rows, { columns: s.columns, caption: s.caption });
    else if (s.kind === "chart") display.chart(s.spec);
    else display.markdown(s.text);
  }
  const moved = await evaluate.injectMissing(test, { columns: ["age"], rate: 0.1, seed: 7 });
  const flips = await evaluate.flipRate([0, 1], [1, 1]);
  const fair = await evaluate.demographicParityRatio([0, 1], [1, 1], { sensitiveFeatures: { sex: ["f", "m"] }, method: "to_overall" });
  const names: string[] = await evaluate.metricNames();
  return { f1, perClass, labels, codes, evaluation, moved, flips, fair, names };
}
`;

const MISUSES = [
  'evaluate.f1([0, 1], [0, 1], { average: "samples" });',
  'evaluate.rocAuc([0, 1], [0.1, 0.9], { multiClass: "ova" });',
  "evaluate.accuracy(1, [0]);",
  'evaluate.classification([0, 1], { yTrue: "label" });',
  "evaluate.segments(test, { yTrue: \"label\", by: [\"g\"] });",
  "evaluate.perturb(test, { columns: [\"x\"] });",
  "evaluate.demographicParityDifference([0], [1], {});",
];

describe("primitives/types/evaluate.d.ts", () => {
  it("compiles with the other cell declarations and only ES2022", () => {
    expect(diagnosticsOf(null)).toEqual([]);
  }, 60_000);

  it("accepts documented uses and rejects each misuse", () => {
    expect(diagnosticsOf(VALID_CELL)).toEqual([]);
    // One program, one misuse per line: every line must have an error of its own.
    const source = ["declare const test: EvaluateDatasetHandle;", ...MISUSES.map((m, i) => `export async function misuse${i}() { ${m} }`)].join("\n");
    const lines = new Set(diagnosticsIn(source).filter((d) => d.file?.fileName === CELL).map((d) => d.file!.getLineAndCharacterOfPosition(d.start!).line));
    expect(MISUSES.filter((_, i) => !lines.has(i + 1))).toEqual([]);
  }, 60_000);

  it("declares exactly the functions the evaluate host module provides", () => {
    const source = ts.createSourceFile("evaluate.d.ts", ts.sys.readFile(FILES[1]!)!, ts.ScriptTarget.ES2022);
    const declared = new Set<string>();
    source.forEachChild((node) => {
      if (ts.isInterfaceDeclaration(node) && node.name.text === "TracebookEvaluate") {
        for (const member of node.members) if (member.name && ts.isIdentifier(member.name)) declared.add(member.name.text);
      }
    });
    expect([...declared].sort()).toEqual(Object.keys(evaluateHostModule.functions).sort());
  });
});
