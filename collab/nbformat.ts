import { z } from "zod";

/**
 * The essentials of the nbformat 4 JSON schema (nbformat.v4.schema.json,
 * 4.0 to 4.5) as zod schemas: the notebook, its three cell types and four
 * output types. Cells and outputs refuse unknown fields, as the schema does;
 * metadata objects take anything. Messages are phrased to be shown to the
 * person who uploaded the file.
 */

const required = (what: string) => (issue: { input: unknown }) =>
  issue.input === undefined ? "is required" : `must be ${what}`;

const jsonObject = z.record(z.string(), z.unknown(), { error: required("an object") });

/** A string, or a list of strings to be joined (nbformat's "multiline_string"). */
export const multilineString = z.union([z.string(), z.array(z.string())], {
  error: required("a string or a list of strings"),
});

/** nbformat 4.5 cell ids: 1 to 64 of a-z, A-Z, 0-9, '-' and '_'. */
export const CELL_ID_PATTERN = /^[a-zA-Z0-9-_]+$/;
const cellId = z
  .string({ error: required("a string") })
  .min(1, "must not be empty")
  .max(64, "must be at most 64 characters")
  .regex(CELL_ID_PATTERN, "may contain only letters, digits, '-' and '_'");

const executionCount = z.number({ error: required("an integer or null") }).int("must be an integer").min(0).nullable();

const mimeBundle = z.record(z.string().regex(/^[a-zA-Z0-9\-+.]+\/[a-zA-Z0-9\-+.]+$/, "is not a MIME type"), z.unknown(), {
  error: required("an object of MIME type to data"),
});

const outputType = <T extends string>(name: T) => z.literal(name, { error: required(`"${name}"`) });

export const executeResult = z.strictObject({
  output_type: outputType("execute_result"),
  execution_count: executionCount,
  data: mimeBundle,
  metadata: jsonObject,
});

export const displayData = z.strictObject({
  output_type: outputType("display_data"),
  data: mimeBundle,
  metadata: jsonObject,
});

export const stream = z.strictObject({
  output_type: outputType("stream"),
  name: z.string({ error: required('a stream name such as "stdout"') }),
  text: multilineString,
});

export const errorOutput = z.strictObject({
  output_type: outputType("error"),
  ename: z.string({ error: required("a string") }),
  evalue: z.string({ error: required("a string") }),
  traceback: z.array(z.string(), { error: required("a list of strings") }),
});

export const output = z.discriminatedUnion("output_type", [executeResult, displayData, stream, errorOutput], {
  error: (issue) => {
    if (typeof issue.input !== "object" || issue.input === null) return "must be an output object";
    const got = (issue.input as { output_type?: unknown }).output_type;
    return `must be "execute_result", "display_data", "stream" or "error" (got ${JSON.stringify(got) ?? "nothing"})`;
  },
});

export type Output = z.infer<typeof output>;

const cellType = <T extends string>(name: T) => z.literal(name, { error: required(`"${name}"`) });

export const codeCell = z.strictObject({
  id: cellId.optional(),
  cell_type: cellType("code"),
  metadata: jsonObject,
  source: multilineString,
  outputs: z.array(output, { error: required("a list of outputs") }),
  execution_count: executionCount,
});

export const markdownCell = z.strictObject({
  id: cellId.optional(),
  cell_type: cellType("markdown"),
  metadata: jsonObject,
  attachments: jsonObject.optional(),
  source: multilineString,
});

export const rawCell = z.strictObject({
  id: cellId.optional(),
  cell_type: cellType("raw"),
  metadata: jsonObject,
  attachments: jsonObject.optional(),
  source: multilineString,
});

export const cell = z.discriminatedUnion("cell_type", [codeCell, markdownCell, rawCell], {
  error: (issue) => {
    if (typeof issue.input !== "object" || issue.input === null) return "must be a cell object";
    const got = (issue.input as { cell_type?: unknown }).cell_type;
    if (got === "heading") return '"heading" cells are not part of nbformat 4 (make it a markdown cell with a # title)';
    return `must be "code", "markdown" or "raw" (got ${JSON.stringify(got) ?? "nothing"})`;
  },
});

export type IpynbCell = z.infer<typeof cell>;

export const notebook = z.strictObject({
  nbformat: z.literal(4, { error: (issue) => (issue.input === undefined ? "is required" : `must be 4 (got ${JSON.stringify(issue.input)}); only nbformat 4 is supported`) }),
  nbformat_minor: z.number({ error: required("an integer") }).int("must be an integer").min(0),
  metadata: jsonObject,
  cells: z.array(cell, { error: required("a list of cells") }),
});

export type Ipynb = z.infer<typeof notebook>;
