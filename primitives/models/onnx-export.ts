/**
 * Exports a trained network to ONNX (opset 13, IR version 7), so it serves
 * on onnxruntime-node or any ONNX runtime. Each dense layer is one Gemm
 * (input x kernel + bias, kernel stored inputs x units) followed by its
 * activation node: Relu, Tanh, Sigmoid or Softmax (axis -1). The graph has
 * one float input "input" [N, features] and one float output:
 * "prediction" [N, 1] (regression), "probability" [N, 1] of the second class
 * (logistic regression) or "probabilities" [N, classes]. Features, classes,
 * target and kind are written as metadata_props ("tracebook.*").
 */
import type { Activation, DenseLayer } from "./network";
import type { NetworkModel } from "./model";
import { ModelError } from "./errors";
import { ATTRIBUTE_TYPE, modelProtoType, ONNX_FLOAT } from "./onnx-proto";

export const ONNX_OPSET = 13;
export const ONNX_IR_VERSION = 7;
export const ONNX_INPUT_NAME = "input";

const ACTIVATION_OPS: Record<Exclude<Activation, "linear">, string> = { relu: "Relu", tanh: "Tanh", sigmoid: "Sigmoid", softmax: "Softmax" };

/**
 * The graph output's name for a model.
 * @example
 * onnxOutputName(model); // "probabilities"
 */
export function onnxOutputName(model: NetworkModel): string {
  if (model.task === "regression") return "prediction";
  return model.task === "binary" ? "probability" : "probabilities";
}

function floatInitializer(name: string, dims: number[], values: Float32Array) {
  const raw = new Uint8Array(values.length * 4);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
  return { name, dims, data_type: ONNX_FLOAT, raw_data: raw };
}

function valueInfo(name: string, width: number) {
  return { name, type: { tensor_type: { elem_type: ONNX_FLOAT, shape: { dim: [{ dim_param: "N" }, { dim_value: width }] } } } };
}

function layerNodes(layer: DenseLayer, index: number, input: string, output: string) {
  const nodes = [];
  const dense = layer.activation === "linear" ? output : `dense_${index}`;
  nodes.push({
    name: `gemm_${index}`, op_type: "Gemm", domain: "",
    input: [input, `kernel_${index}`, `bias_${index}`], output: [dense],
    attribute: [
      { name: "alpha", f: 1, type: ATTRIBUTE_TYPE.FLOAT },
      { name: "beta", f: 1, type: ATTRIBUTE_TYPE.FLOAT },
      { name: "transA", i: 0, type: ATTRIBUTE_TYPE.INT },
      { name: "transB", i: 0, type: ATTRIBUTE_TYPE.INT },
    ],
  });
  if (layer.activation !== "linear") {
    const attribute = layer.activation === "softmax" ? [{ name: "axis", i: -1, type: ATTRIBUTE_TYPE.INT }] : [];
    nodes.push({ name: `${layer.activation}_${index}`, op_type: ACTIVATION_OPS[layer.activation], domain: "", input: [dense], output: [output], attribute });
  }
  return nodes;
}

/**
 * The ONNX bytes of a trained network.
 * @example
 * const bytes = exportOnnx(model);
 * const session = await ort.InferenceSession.create(bytes);
 */
export function exportOnnx(model: NetworkModel): Uint8Array {
  if (model.runtime !== "tfjs") throw new ModelError("unsupported", "only networks trained here export to ONNX; an imported ONNX model already is one");
  const layers = model.network.layers;
  const output = onnxOutputName(model);
  const nodes = layers.flatMap((layer, i) => layerNodes(layer, i, i === 0 ? ONNX_INPUT_NAME : `layer_${i - 1}`, i === layers.length - 1 ? output : `layer_${i}`));
  const initializer = layers.flatMap((layer, i) => [
    floatInitializer(`kernel_${i}`, [layer.inputs, layer.units], layer.kernel),
    floatInitializer(`bias_${i}`, [layer.units], layer.bias),
  ]);
  const metadata = {
    "tracebook.kind": model.kind,
    "tracebook.task": model.task,
    "tracebook.features": JSON.stringify(model.features),
    "tracebook.classes": JSON.stringify(model.classes),
    "tracebook.target": JSON.stringify(model.target),
    "tracebook.model_id": model.id,
  };
  const proto = {
    ir_version: ONNX_IR_VERSION,
    producer_name: "tracebook",
    producer_version: "1",
    model_version: 1,
    opset_import: [{ domain: "", version: ONNX_OPSET }],
    graph: {
      name: model.kind,
      node: nodes,
      initializer,
      input: [valueInfo(ONNX_INPUT_NAME, layers[0]!.inputs)],
      output: [valueInfo(output, layers[layers.length - 1]!.units)],
    },
    metadata_props: Object.entries(metadata).map(([key, value]) => ({ key, value })),
  };
  const type = modelProtoType();
  const problem = type.verify(proto);
  if (problem) throw new Error(`internal: ONNX model does not fit the schema: ${problem}`);
  return type.encode(type.fromObject(proto)).finish();
}
