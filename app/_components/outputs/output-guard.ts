import { CELL_ERROR_KINDS, type CellOutput, type CellOutputType } from "@/protocol/outputs";

/**
 * The document is shared with every client and kept for years, so an output
 * is checked for the fields its renderer reads before it is rendered: a
 * malformed or unknown entry is shown as "cannot show", never as a crash.
 */

type Fields = Record<string, unknown>;

const isObject = (v: unknown): v is Fields => typeof v === "object" && v !== null && !Array.isArray(v);
const isNumber = (v: unknown): v is number => typeof v === "number" && !Number.isNaN(v);
const isString = (v: unknown): v is string => typeof v === "string";

/** The checks per type; a type missing here is a compile error. */
const CHECKS: { [T in CellOutputType]: (o: Fields) => boolean } = {
  stream: (o) => (o.name === "stdout" || o.name === "stderr") && isString(o.text),
  value: (o) => isObject(o.value) && isString(o.value.t),
  table: (o) =>
    Array.isArray(o.columns) && o.columns.every(isString) && Array.isArray(o.rows) && o.rows.every(Array.isArray) && isNumber(o.total) && isNumber(o.pageSize),
  chart: (o) => isObject(o.spec) && (o.id === undefined || isString(o.id)),
  markdown: (o) => isString(o.text),
  html: (o) => isString(o.html),
  progress: (o) => isString(o.id) && isString(o.label) && isNumber(o.value) && (o.total === null || isNumber(o.total)) && typeof o.done === "boolean",
  error: (o) => isObject(o.error) && (CELL_ERROR_KINDS as readonly unknown[]).includes(o.error.kind),
  truncated: (o) => isNumber(o.omittedOutputs) && isNumber(o.omittedBytes) && isNumber(o.limitBytes),
};

/**
 * Whether a value from the document is an output this page can render.
 *
 * @example
 * isCellOutput({ type: "stream", name: "stdout", text: "hi\n" }) // true
 */
export function isCellOutput(value: unknown): value is CellOutput {
  if (!isObject(value) || !isString(value.type) || !Object.hasOwn(CHECKS, value.type)) return false;
  return CHECKS[value.type as CellOutputType](value);
}
