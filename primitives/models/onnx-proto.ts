/**
 * The part of the ONNX protobuf schema the exporter writes (ModelProto and
 * what it contains), declared for protobufjs's reflection API. Field numbers
 * and types are those of onnx/onnx.proto3 (IR version 7); only the fields
 * written are declared, and on the wire only numbers and types count, so the
 * bytes are a valid ONNX model (nested type names are flattened). protobufjs is
 * the maintained JS protobuf implementation; the npm packages that ship ONNX
 * protos are years stale (onnx-proto pins protobufjs 6 and ONNX 1.8).
 */
import protobuf from "protobufjs";

/** TensorProto.DataType.FLOAT. */
export const ONNX_FLOAT = 1;

const ROOT = protobuf.Root.fromJSON({
  nested: {
    onnx: {
      nested: {
        ModelProto: {
          fields: {
            ir_version: { type: "int64", id: 1 },
            producer_name: { type: "string", id: 2 },
            producer_version: { type: "string", id: 3 },
            domain: { type: "string", id: 4 },
            model_version: { type: "int64", id: 5 },
            doc_string: { type: "string", id: 6 },
            graph: { type: "GraphProto", id: 7 },
            opset_import: { rule: "repeated", type: "OperatorSetIdProto", id: 8 },
            metadata_props: { rule: "repeated", type: "StringStringEntryProto", id: 14 },
          },
        },
        OperatorSetIdProto: {
          fields: { domain: { type: "string", id: 1 }, version: { type: "int64", id: 2 } },
        },
        StringStringEntryProto: {
          fields: { key: { type: "string", id: 1 }, value: { type: "string", id: 2 } },
        },
        GraphProto: {
          fields: {
            node: { rule: "repeated", type: "NodeProto", id: 1 },
            name: { type: "string", id: 2 },
            initializer: { rule: "repeated", type: "TensorProto", id: 5 },
            doc_string: { type: "string", id: 10 },
            input: { rule: "repeated", type: "ValueInfoProto", id: 11 },
            output: { rule: "repeated", type: "ValueInfoProto", id: 12 },
          },
        },
        NodeProto: {
          fields: {
            input: { rule: "repeated", type: "string", id: 1 },
            output: { rule: "repeated", type: "string", id: 2 },
            name: { type: "string", id: 3 },
            op_type: { type: "string", id: 4 },
            attribute: { rule: "repeated", type: "AttributeProto", id: 5 },
            domain: { type: "string", id: 7 },
          },
        },
        AttributeProto: {
          fields: {
            name: { type: "string", id: 1 },
            f: { type: "float", id: 2 },
            i: { type: "int64", id: 3 },
            type: { type: "int32", id: 20 },
          },
        },
        TensorProto: {
          fields: {
            dims: { rule: "repeated", type: "int64", id: 1, options: { packed: true } },
            data_type: { type: "int32", id: 2 },
            name: { type: "string", id: 8 },
            raw_data: { type: "bytes", id: 9 },
          },
        },
        ValueInfoProto: {
          fields: { name: { type: "string", id: 1 }, type: { type: "TypeProto", id: 2 } },
        },
        TypeProto: {
          fields: { tensor_type: { type: "TypeProtoTensor", id: 1 } },
        },
        TypeProtoTensor: {
          fields: { elem_type: { type: "int32", id: 1 }, shape: { type: "TensorShapeProto", id: 2 } },
        },
        TensorShapeProto: {
          fields: { dim: { rule: "repeated", type: "TensorShapeDimension", id: 1 } },
        },
        TensorShapeDimension: {
          oneofs: { value: { oneof: ["dim_value", "dim_param"] } },
          fields: { dim_value: { type: "int64", id: 1 }, dim_param: { type: "string", id: 2 } },
        },
      },
    },
  },
});

/** AttributeProto.AttributeType values the exporter writes. */
export const ATTRIBUTE_TYPE = { FLOAT: 1, INT: 2 } as const;

/**
 * protobufjs's ModelProto type: `encode(create(obj)).finish()` gives ONNX bytes.
 * @example
 * const bytes = modelProtoType().encode(modelProtoType().create(model)).finish();
 */
export function modelProtoType(): protobuf.Type {
  return ROOT.lookupType("onnx.ModelProto");
}
