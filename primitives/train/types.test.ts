import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { createModelsHostModule } from "../models/host-module";
import { createTrainHostModule } from "./host-module";

const TYPES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../types");
const DECLARATIONS = [path.join(TYPES, "tracebook.d.ts"), path.join(TYPES, "train.d.ts")];
const CELL = path.join(TYPES, "__virtual_train_cell__.ts");

/** Type errors of a cell compiled with only ES2022 and the cell declarations (what the editor sees). */
function diagnosticsOf(cellSource: string): string[] {
  const options: ts.CompilerOptions = {
    strict: true, noUncheckedIndexedAccess: true, noEmit: true, target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, lib: ["lib.es2022.d.ts"], types: [], skipLibCheck: false,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === CELL || fileExists(name);
  host.getSourceFile = (name, language) => (name === CELL ? ts.createSourceFile(name, cellSource, language) : getSourceFile(name, language));
  const program = ts.createProgram([...DECLARATIONS, CELL], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file ? path.basename(d.file.fileName) : ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
}

const VALID = `
declare const ds: TrainDatasetHandle;
declare const fs: TrainFeatureSetHandle;
export async function cell() {
  const a = await train.linearRegression(ds, { target: "y", l2: 0.01, schedule: { type: "step", every: 5, gamma: 0.5 }, seed: 1 });
  const b = await train.mlpClassifier({ dataset: ds, featureSet: fs }, { target: "label", hidden: [8, 4], activation: "tanh", dropout: 0.2,
    classWeights: "balanced", earlyStopping: { patience: 3 }, validationSplit: 0.2 });
  const c = await train.mlpRegressor({ x: [[1], [2]], y: [1, 2] }, { validation: { x: [[3]], y: [3] } });
  const status: "completed" | "early_stopped" | "interrupted" = b.status;
  const loss: number | undefined = b.history[0]?.loss;
  const cv = await train.crossValidate("softmaxClassifier", ds, { target: "label" }, { folds: 5, stratified: true });
  const s = await train.search({ kind: "mlpClassifier", data: ds, space: { learningRate: { type: "logUniform", min: 1e-4, max: 1e-1 }, hidden: [[8], [16]] },
    strategy: "random", trials: 4, metric: "accuracy", successiveHalving: { minEpochs: 1 } });
  const p = await models.predict(a.model, [[1, 2]]);
  if (p.task === "regression") p.values.map((v) => v + 1); else p.labels.map(String);
  const saved = await models.save(b.model);
  const loaded: ModelHandle = await models.load(saved.artifactId);
  const onnx = await models.exportOnnx(loaded);
  const imported = await models.importOnnx(onnx.artifactId, { features: ["a"], task: "binary", classes: ["n", "y"] });
  const summary = await models.summary(imported);
  const info = await train.backend();
  return { status, loss, cv: cv.mean, s: s.best, c: c.device, summary: summary.runtime, info: info.device };
}
`;

const MISUSES = [
  'train.linearRegression(ds, { target: "y", hidden: [4] });',
  'train.logisticRegression(ds, { optimizer: "lbfgs" });',
  'train.mlpClassifier(ds, { activation: "gelu" });',
  'train.mlpRegressor(ds, { classWeights: "balanced" });',
  'train.search({ kind: "svm", data: ds, space: {}, strategy: "grid" });',
  'train.crossValidate("mlpClassifier", ds, {}, {});',
  "models.predict(ds, [[1]]);",
  "models.importOnnx(new Uint8Array(1), { task: \"regression\" });",
];

describe("primitives/types/train.d.ts", () => {
  it("accepts the documented uses of train and models and rejects each misuse", () => {
    const misuses = MISUSES.map((line) => `  // @ts-expect-error\n  ${line}`).join("\n");
    expect(diagnosticsOf(`${VALID}\nexport function misuse(ds: TrainDatasetHandle) {\n${misuses}\n}\n`)).toEqual([]);
  }, 60_000);

  it("the check is live: an unmarked misuse is reported", () => {
    const errors = diagnosticsOf("declare const ds: TrainDatasetHandle;\nexport {};\ntrain.mlpClassifier(ds, { epochs: \"ten\" });\n");
    expect(errors).toHaveLength(1);
  }, 60_000);

  it("declares exactly the functions the host modules provide, each with an @example", () => {
    const source = ts.createSourceFile("train.d.ts", ts.sys.readFile(DECLARATIONS[1]!) ?? "", ts.ScriptTarget.ES2022, true);
    const members = new Map<string, string[]>();
    const undocumented: string[] = [];
    for (const statement of source.statements) {
      if (ts.isInterfaceDeclaration(statement) && ["TrainNamespace", "ModelsNamespace"].includes(statement.name.text)) {
        members.set(statement.name.text, statement.members.filter(ts.isMethodSignature).map((m) => m.name.getText()));
        for (const m of statement.members) if (!ts.getJSDocTags(m).some((t) => t.tagName.text === "example")) undocumented.push(`${statement.name.text}.${m.name?.getText()}`);
      }
      if (ts.isVariableStatement(statement) && !ts.getJSDocTags(statement).some((t) => t.tagName.text === "example")) undocumented.push(statement.getText().slice(0, 30));
    }
    expect(undocumented).toEqual([]);
    const deps = { engine: async () => { throw new Error("unused"); } };
    expect([...members.get("TrainNamespace")!].sort()).toEqual(Object.keys(createTrainHostModule(deps).functions).sort());
    expect([...members.get("ModelsNamespace")!].sort()).toEqual(Object.keys(createModelsHostModule(deps).functions).sort());
  });
});
