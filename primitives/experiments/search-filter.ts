import type {
  DatasetField,
  FilterClause,
  NumericComparator,
  RunAttribute,
  RunOrder,
  SetComparator,
  StringComparator,
} from "../../db/queries/experiments-search";
import { AppError } from "../../protocol/errors";
import { INPUT_CONTEXTS, RUN_STATUSES } from "../../protocol/experiments";

/**
 * MLflow's run search language (the `search_runs` subset we serve):
 *
 *   metrics.acc > 0.9 AND params.lr = '0.1' AND tags.team = "vision"
 *   attributes.status IN ('FINISHED', 'FAILED') AND datasets.context = 'training'
 *   metrics.`f1 score` >= 0.5 AND params."batch size" LIKE '3%'
 *
 * Clauses are joined by AND (no OR, no parentheses). Identifiers are
 * `<type>.<key>` with type metrics, params, tags, attributes or datasets
 * (singular forms too); keys holding spaces or other characters go in
 * backticks or double quotes. String values are quoted ('…' or "…", a quote
 * doubled inside); metric and time values are numbers (times: milliseconds
 * since the epoch). Order clauses are `<identifier> [ASC|DESC]`.
 *
 * Every error is an `invalid_filter` (400) naming the token and its position.
 */

type Token =
  | { type: "ident"; prefix: string | null; key: string; text: string; pos: number }
  | { type: "string"; value: string; text: string; pos: number }
  | { type: "number"; value: number; text: string; pos: number }
  | { type: "op"; value: string; text: string; pos: number }
  | { type: "punct"; value: "(" | ")" | ","; text: string; pos: number };

const NUMERIC: readonly NumericComparator[] = ["=", "!=", ">", ">=", "<", "<="];
const STRING: readonly StringComparator[] = ["=", "!=", "LIKE", "ILIKE"];

const PREFIXES: Record<string, FilterClause["entity"]> = {
  metric: "metric",
  metrics: "metric",
  param: "param",
  params: "param",
  parameter: "param",
  parameters: "param",
  tag: "tag",
  tags: "tag",
  attribute: "attribute",
  attributes: "attribute",
  attr: "attribute",
  run: "attribute",
  dataset: "dataset",
  datasets: "dataset",
};

const ATTRIBUTES: Record<string, RunAttribute> = {
  run_id: "run_id",
  id: "run_id",
  run_name: "run_name",
  name: "run_name",
  status: "status",
  start_time: "start_time",
  created: "start_time",
  end_time: "end_time",
};

const DATASET_FIELDS: readonly DatasetField[] = ["name", "digest", "context"];

function fail(message: string, token?: { text: string; pos: number }): never {
  throw new AppError("invalid_filter", token ? `${message} (at character ${token.pos + 1}, near \`${token.text.slice(0, 60)}\`)` : message);
}

const WORD_START = /[\p{L}_]/u;
const WORD_CHAR = /[\p{L}\p{N}_.\-/:]/u;

/** Reads a quoted run: '…', "…" or `…`, the quote doubled inside. Returns the text and the index after it. */
function readQuoted(input: string, start: number): { value: string; end: number } {
  const quote = input[start]!;
  let value = "";
  let i = start + 1;
  for (;;) {
    if (i >= input.length) fail(`unterminated ${quote === "`" ? "quoted key" : "string"}`, { text: input.slice(start), pos: start });
    if (input[i] === quote) {
      if (input[i + 1] === quote) {
        value += quote;
        i += 2;
        continue;
      }
      return { value, end: i + 1 };
    }
    value += input[i];
    i += 1;
  }
}

export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    const pos = i;
    if (c === "(" || c === ")" || c === ",") {
      tokens.push({ type: "punct", value: c, text: c, pos });
      i += 1;
    } else if (c === "'" || c === '"') {
      const { value, end } = readQuoted(input, i);
      tokens.push({ type: "string", value, text: input.slice(pos, end), pos });
      i = end;
    } else if (c === "`") {
      const { value, end } = readQuoted(input, i);
      tokens.push({ type: "ident", prefix: null, key: value, text: input.slice(pos, end), pos });
      i = end;
    } else if (/[<>=!]/.test(c)) {
      const two = input.slice(i, i + 2);
      const op = [">=", "<=", "!="].includes(two) ? two : c;
      if (op === "!" || two === "<>" || two === "==") fail(`unknown comparator \`${two === "<>" || two === "==" ? two : op}\`; use =, !=, <, <=, >, >=, LIKE, ILIKE, IN or NOT IN`, { text: two, pos });
      tokens.push({ type: "op", value: op, text: op, pos });
      i += op.length;
    } else if (/[0-9+\-.]/.test(c)) {
      const match = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(input.slice(i));
      if (!match) fail("unexpected character", { text: c, pos });
      const text = match[0];
      if (WORD_CHAR.test(input[i + text.length] ?? " ") && !/[.\-]/.test(input[i + text.length]!)) fail("not a number", { text: input.slice(i, i + text.length + 1), pos });
      tokens.push({ type: "number", value: Number(text), text, pos });
      i += text.length;
    } else if (WORD_START.test(c)) {
      let end = i;
      while (end < input.length && WORD_CHAR.test(input[end]!)) end += 1;
      const word = input.slice(i, end);
      // `metrics."f1 score"` / metrics.`f1 score`: a quoted key right after the dot.
      if (word.endsWith(".") && (input[end] === '"' || input[end] === "`")) {
        const { value, end: after } = readQuoted(input, end);
        tokens.push({ type: "ident", prefix: word.slice(0, -1), key: value, text: input.slice(pos, after), pos });
        i = after;
        continue;
      }
      const dot = word.indexOf(".");
      tokens.push(
        dot < 0 ? { type: "ident", prefix: null, key: word, text: word, pos } : { type: "ident", prefix: word.slice(0, dot), key: word.slice(dot + 1), text: word, pos },
      );
      i = end;
    } else {
      fail("unexpected character", { text: c, pos });
    }
  }
  return tokens;
}

type Ident = Extract<Token, { type: "ident" }>;

/** The entity and key an identifier names; bare words are attributes (`status`, `run_name`, …). */
function resolveIdentifier(token: Ident): { entity: FilterClause["entity"]; key: string } {
  if (token.prefix === null) {
    const attribute = ATTRIBUTES[token.key.toLowerCase()];
    if (!attribute) fail("expected an identifier such as metrics.<key>, params.<key>, tags.<key> or attributes.status", token);
    return { entity: "attribute", key: attribute };
  }
  const entity = PREFIXES[token.prefix.toLowerCase()];
  if (!entity) fail(`unknown identifier type "${token.prefix}"; use metrics, params, tags, attributes or datasets`, token);
  if (token.key === "") fail("the key after the dot is missing", token);
  if (entity === "attribute") {
    const attribute = ATTRIBUTES[token.key.toLowerCase()];
    if (!attribute) fail(`unknown attribute "${token.key}"; use run_id, run_name, status, start_time or end_time`, token);
    return { entity, key: attribute };
  }
  if (entity === "dataset") {
    const field = token.key.toLowerCase() as DatasetField;
    if (!DATASET_FIELDS.includes(field)) fail(`unknown dataset field "${token.key}"; use datasets.name, datasets.digest or datasets.context`, token);
    return { entity, key: field };
  }
  return { entity, key: token.key };
}

class Cursor {
  private index = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly input: string,
  ) {}
  peek(): Token | undefined {
    return this.tokens[this.index];
  }
  next(what: string): Token {
    const token = this.tokens[this.index];
    if (!token) fail(`the filter ends where ${what} was expected`, { text: this.input.slice(-20), pos: this.input.length });
    this.index += 1;
    return token;
  }
  done(): boolean {
    return this.index >= this.tokens.length;
  }
}

const isWord = (token: Token | undefined, word: string): boolean => token?.type === "ident" && token.prefix === null && token.key.toUpperCase() === word;

function readComparator(cursor: Cursor): { comparator: string; token: Token } {
  const token = cursor.next("a comparator");
  if (token.type === "op") return { comparator: token.value, token };
  if (token.type === "ident" && token.prefix === null) {
    const word = token.key.toUpperCase();
    if (word === "LIKE" || word === "ILIKE" || word === "IN") return { comparator: word, token };
    if (word === "NOT" && isWord(cursor.peek(), "IN")) {
      cursor.next("IN");
      return { comparator: "NOT IN", token };
    }
  }
  fail("expected a comparator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN)", token);
}

function readStringList(cursor: Cursor): string[] {
  const open = cursor.next("'('");
  if (open.type !== "punct" || open.value !== "(") fail("IN takes a parenthesised list of quoted strings, e.g. ('a', 'b')", open);
  const values: string[] = [];
  for (;;) {
    const item = cursor.next("a quoted string");
    if (item.type !== "string") fail("IN lists hold quoted strings only", item);
    values.push(item.value);
    const after = cursor.next("',' or ')'");
    if (after.type === "punct" && after.value === ")") return values;
    if (after.type !== "punct" || after.value !== ",") fail("expected ',' or ')' in the IN list", after);
  }
}

function readClause(cursor: Cursor): FilterClause {
  const identToken = cursor.next("an identifier");
  if (identToken.type !== "ident") fail("expected an identifier such as metrics.accuracy", identToken);
  if (isWord(identToken, "OR")) fail("OR is not supported; combine clauses with AND", identToken);
  const { entity, key } = resolveIdentifier(identToken);
  const { comparator, token: opToken } = readComparator(cursor);
  const allowed = (list: readonly string[], what: string) => {
    if (!list.includes(comparator)) fail(`${identToken.text} takes ${what}, not ${comparator}`, opToken);
  };
  const setValue = () => readStringList(cursor);
  const numberValue = (what: string): number => {
    const token = cursor.next("a number");
    if (token.type !== "number") fail(`${identToken.text} is compared with ${what}; got ${token.type === "string" ? "a quoted string" : "something else"}`, token);
    return token.value;
  };
  const stringValue = (): string => {
    const token = cursor.next("a quoted string");
    if (token.type !== "string") fail(`${identToken.text} is compared with a quoted string ('…' or "…")`, token);
    return token.value;
  };
  const checkValues = (values: readonly string[], valid: readonly string[], what: string, token: Token) => {
    for (const v of values) if (!valid.includes(v)) fail(`"${v}" is not a ${what}; use one of ${valid.join(", ")}`, token);
  };

  switch (entity) {
    case "metric":
      allowed(NUMERIC, "=, !=, <, <=, > or >=");
      return { entity, key, comparator: comparator as NumericComparator, value: numberValue("a number") };
    case "param":
    case "tag":
      allowed(STRING, "=, !=, LIKE or ILIKE");
      return { entity, key, comparator: comparator as StringComparator, value: stringValue() };
    case "dataset": {
      allowed(["=", "!=", "IN", "NOT IN"], "=, !=, IN or NOT IN");
      const at = cursor.peek() ?? opToken;
      const value = comparator === "IN" || comparator === "NOT IN" ? setValue() : stringValue();
      if (key === "context") checkValues(Array.isArray(value) ? value : [value], INPUT_CONTEXTS, "dataset context", at);
      return Array.isArray(value)
        ? { entity, key: key as DatasetField, comparator: comparator as SetComparator, value }
        : { entity, key: key as DatasetField, comparator: comparator as "=" | "!=", value };
    }
    case "attribute": {
      if (key === "start_time" || key === "end_time") {
        allowed(NUMERIC, "=, !=, <, <=, > or >= (milliseconds since the epoch)");
        return { entity, key, comparator: comparator as NumericComparator, value: numberValue("milliseconds since the epoch") };
      }
      const attribute = key as "run_id" | "run_name" | "status";
      allowed([...STRING, "IN", "NOT IN"], "=, !=, LIKE, ILIKE, IN or NOT IN");
      const at = cursor.peek() ?? opToken;
      if (comparator === "IN" || comparator === "NOT IN") {
        const values = setValue();
        if (attribute === "status") checkValues(values, RUN_STATUSES, "run status", at);
        return { entity, key: attribute, comparator, value: values };
      }
      const value = stringValue();
      if (attribute === "status" && (comparator === "=" || comparator === "!=")) checkValues([value], RUN_STATUSES, "run status", at);
      return { entity, key: attribute, comparator: comparator as StringComparator, value };
    }
  }
}

/**
 * Parses a run filter; the empty filter matches every run.
 *
 * @example
 * parseRunFilter("metrics.acc > 0.9 AND params.lr = '0.1'");
 * // [{ entity: "metric", key: "acc", comparator: ">", value: 0.9 },
 * //  { entity: "param", key: "lr", comparator: "=", value: "0.1" }]
 */
export function parseRunFilter(input: string): FilterClause[] {
  const tokens = tokenize(input);
  const cursor = new Cursor(tokens, input);
  const clauses: FilterClause[] = [];
  if (cursor.done()) return clauses;
  for (;;) {
    clauses.push(readClause(cursor));
    if (cursor.done()) return clauses;
    const joiner = cursor.next("AND");
    if (isWord(joiner, "OR")) fail("OR is not supported; combine clauses with AND", joiner);
    if (!isWord(joiner, "AND")) fail("expected AND between clauses", joiner);
  }
}

/**
 * Parses order clauses (`metrics.acc DESC`, `attributes.start_time`, `params.lr ASC`).
 *
 * @example
 * parseRunOrder(["metrics.acc DESC"]); // [{ entity: "metric", key: "acc", ascending: false }]
 */
export function parseRunOrder(clauses: readonly string[]): RunOrder[] {
  const seen = new Set<string>();
  return clauses.map((clause) => {
    const tokens = tokenize(clause);
    const [ident, direction, extra] = tokens;
    if (!ident || ident.type !== "ident") fail(`order by needs an identifier such as metrics.accuracy DESC`, ident ?? { text: clause, pos: 0 });
    const { entity, key } = resolveIdentifier(ident);
    if (entity === "dataset") fail("runs cannot be ordered by datasets", ident);
    let ascending = true;
    if (direction) {
      if (isWord(direction, "DESC")) ascending = false;
      else if (!isWord(direction, "ASC")) fail("expected ASC or DESC", direction);
    }
    if (extra) fail("an order clause is one identifier and an optional ASC or DESC", extra);
    const id = `${entity}\u0000${key}`;
    if (seen.has(id)) fail(`order by names ${ident.text} twice`, ident);
    seen.add(id);
    return { entity, key, ascending };
  });
}
