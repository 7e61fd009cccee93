import { registerLazyHostModule } from "../../../kernel/process/lazy-module";
import { kernelArtifacts } from "../../artifacts/kernel";
import { kernelDataEngine } from "../../data/kernel/engine";

/** The cells' `models.*`; TensorFlow.js and onnxruntime load on the first call. Kept equal to the module's functions by its test. */
export const MODELS_FUNCTIONS = ["predict", "summary", "save", "load", "exportOnnx", "importOnnx"] as const;

registerLazyHostModule("models", MODELS_FUNCTIONS, async () => {
  const [{ createModelsHostModule }, artifacts] = await Promise.all([import("../host-module"), kernelArtifacts()]);
  return createModelsHostModule({ engine: kernelDataEngine, artifacts: () => artifacts });
});
