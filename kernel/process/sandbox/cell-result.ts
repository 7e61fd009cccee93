/** Checks the prelude's JSON for a finished cell and turns it into a RunOutcome. */
import type { RunOutcome } from "./sandbox";
import type { SandboxLimits } from "./limits";
import { truncateText } from "./limits";
import { checkPreview, checkTable } from "./output-guard";

export function parseCellResult(json: unknown, limits: SandboxLimits): RunOutcome {
  if (typeof json !== "string" || json.length > limits.maxOutputBytes * 2) return malformed();
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return malformed();
  }
  if (typeof parsed !== "object" || parsed === null) return malformed();
  const result = parsed as Record<string, unknown>;
  if (result.ok === true) {
    const { value, table, defs } = result;
    if (!Array.isArray(defs) || !defs.every((d) => typeof d === "string")) return malformed();
    if (table !== null) {
      const checked = checkTable(table);
      return checked ? { ok: true, value: null, table: checked, defs } : malformed();
    }
    if (value !== null && !checkPreview(value)) return malformed();
    return { ok: true, value: value === null ? null : value, defs };
  }
  if (result.kind === "exception") {
    const text = (v: unknown, max: number) => truncateText(typeof v === "string" ? v : "", max);
    return {
      ok: false,
      error: {
        kind: "exception",
        name: text(result.name, 200) || "Error",
        message: text(result.message, limits.maxMessageChars),
        stack: withoutPreludeFrames(text(result.stack, limits.maxStackChars)),
      },
    };
  }
  if (result.kind === "internal" && typeof result.message === "string") {
    return { ok: false, error: { kind: "internal", message: truncateText(result.message, limits.maxMessageChars) } };
  }
  return malformed();
}

/** The prelude's own frames say nothing about the cell; the stack mapper gets only the cell's and V8's. */
function withoutPreludeFrames(stack: string): string {
  return stack
    .split("\n")
    .filter((line) => !/^\s+at (?:.* \()?tracebook-prelude\.js:\d+:\d+\)?$/.test(line))
    .join("\n");
}

function malformed(): RunOutcome {
  return { ok: false, error: { kind: "internal", message: "the sandbox returned a malformed result" } };
}
