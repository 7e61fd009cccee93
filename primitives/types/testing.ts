import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

/**
 * Test helpers for the cell declarations: compile them the way a cell sees
 * them (ES2022 only, no DOM or Node types), and list what lacks an @example.
 */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const TYPES = path.join(ROOT, "primitives/types");
const CELL = path.join(ROOT, "primitives/types/__virtual_cell__.ts");

/**
 * Type errors of a program of `files` (and a cell with `cellSource`), as `path: message`.
 * @example
 * expect(cellDiagnostics([path.join(TYPES, "tracebook.d.ts")], "display.table(5);")).toHaveLength(1);
 */
export function cellDiagnostics(files: string[], cellSource?: string): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    noUncheckedIndexedAccess: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.es2022.d.ts"],
    types: [],
    skipLibCheck: false,
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (name) => (name === CELL ? cellSource : readFile(name));
  host.fileExists = (name) => name === CELL || ts.sys.fileExists(name);
  host.getSourceFile = (name, language) =>
    name === CELL ? ts.createSourceFile(name, cellSource ?? "", language) : getSourceFile(name, language);
  const program = ts.createProgram(cellSource === undefined ? files : [...files, CELL], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file ? path.relative(ROOT, d.file.fileName) : ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
}

/**
 * The globals of a declaration file and the methods of the named interfaces,
 * each with whether its JSDoc has an @example.
 * @example
 * const members = documentedMembers(path.join(TYPES, "data.d.ts"), ["TracebookData"]);
 */
export function documentedMembers(file: string, interfaces: string[]): Array<{ name: string; example: boolean }> {
  const source = ts.createSourceFile(file, ts.sys.readFile(file) ?? "", ts.ScriptTarget.ES2022, true);
  const found: Array<{ name: string; example: boolean }> = [];
  const check = (node: ts.Node, name: string) => found.push({ name, example: ts.getJSDocTags(node).some((t) => t.tagName.text === "example") });
  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) check(statement, declaration.name.getText());
    } else if (ts.isFunctionDeclaration(statement)) {
      check(statement, statement.name?.text ?? "function");
    } else if (ts.isInterfaceDeclaration(statement) && interfaces.includes(statement.name.text)) {
      for (const member of statement.members) if (ts.isMethodSignature(member)) check(member, `${statement.name.text}.${member.name.getText()}`);
    }
  }
  return found;
}
