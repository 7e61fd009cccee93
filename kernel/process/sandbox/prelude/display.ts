/**
 * The `display` global: rich outputs for the current cell. Typed by
 * primitives/types/tracebook.d.ts (the same declarations cells see).
 */
import type { SandboxLimits } from "../limits";
import type { OutputEmitter } from "./emit";
import {
  ArrayIsArray,
  DateNow,
  JSONStringify,
  MathRandom,
  NumberIsFinite,
  ObjectFreeze,
  StringCtor,
  TypeErrorCtor,
  RangeErrorCtor,
} from "./intrinsics";
import { copyAsJson } from "./copy-out";
import { buildTable, type TableSettings } from "./table";
import { dataProperty } from "./preview";
import { truncateString } from "./truncate";

type ProgressOptions = Parameters<TracebookDisplay["progress"]>[0];
type ProgressUpdate = NonNullable<Parameters<ProgressHandle["update"]>[1]>;

export function createDisplay(emit: OutputEmitter, limits: SandboxLimits): TracebookDisplay {
  // Unique across kernel restarts too: an old progress output never gets updated by a new bar.
  const prefix = `${DateNow().toString(36)}${StringCtor(MathRandom()).slice(2, 8)}`;
  let progressCount = 0;

  const display: TracebookDisplay = {
    table(rows, options) {
      const settings = readTableOptions(options);
      emit(buildTable(rows, settings, limits));
    },
    chart(spec) {
      if (typeof spec !== "object" || spec === null || ArrayIsArray(spec)) {
        throw new TypeErrorCtor("display.chart: the spec must be a Vega-Lite specification object");
      }
      const copy = copyAsJson(spec, "display.chart") as Record<string, unknown>;
      const size = JSONStringify(copy).length;
      if (size > limits.maxOutputBytes) {
        throw new RangeErrorCtor(
          `display.chart: the spec is ${size} bytes, over the ${limits.maxOutputBytes}-byte output limit; aggregate or sample the data first`,
        );
      }
      emit({ type: "chart", spec: copy });
    },
    markdown(md) {
      emit({ type: "markdown", text: truncateString(requireString("display.markdown", md), limits.maxStringChars) });
    },
    html(html) {
      emit({ type: "html", html: truncateString(requireString("display.html", html), limits.maxStringChars) });
    },
    progress(options) {
      const id = `progress-${prefix}-${++progressCount}`;
      return createProgress(id, readProgressOptions(options), emit, limits);
    },
  };
  return ObjectFreeze(display);
}

function requireString(what: string, value: unknown): string {
  if (typeof value !== "string") throw new TypeErrorCtor(`${what}: expected a string, got ${value === null ? "null" : typeof value}`);
  return value;
}

function readTableOptions(options: unknown): TableSettings {
  if (options === undefined) return {};
  if (typeof options !== "object" || options === null) throw new TypeErrorCtor("display.table: options must be an object");
  const columns = dataProperty(options, "columns");
  const caption = dataProperty(options, "caption");
  const pageSize = dataProperty(options, "pageSize");
  if (caption !== undefined && typeof caption !== "string") throw new TypeErrorCtor("display.table: options.caption must be a string");
  return {
    columns: columns === undefined ? undefined : (columns as string[]),
    caption: caption as string | undefined,
    pageSize: pageSize as number | undefined,
  };
}

function readTotal(what: string, total: unknown): number | null {
  if (total === undefined || total === null) return null;
  if (typeof total !== "number" || !NumberIsFinite(total) || total < 0) {
    throw new TypeErrorCtor(`${what}: total must be a finite number >= 0`);
  }
  return total;
}

function readProgressOptions(options: ProgressOptions): { label: string; total: number | null } {
  if (typeof options !== "object" || options === null) throw new TypeErrorCtor("display.progress: expected { label, total? }");
  const label = dataProperty(options, "label");
  return {
    label: typeof label === "string" ? label : "",
    total: readTotal("display.progress", dataProperty(options, "total")),
  };
}

function createProgress(
  id: string,
  start: { label: string; total: number | null },
  emit: OutputEmitter,
  limits: SandboxLimits,
): ProgressHandle {
  let label = truncateString(start.label, limits.tableCellChars);
  let total = start.total;
  let value = 0;
  let finished = false;
  const send = () => emit({ type: "progress", id, label, value, total, done: finished });

  const handle: ProgressHandle = {
    id,
    update(next, options?: ProgressUpdate) {
      if (finished) return;
      if (typeof next !== "number" || !NumberIsFinite(next)) throw new TypeErrorCtor("progress.update: value must be a finite number");
      value = next;
      if (options !== undefined) {
        const nextLabel = dataProperty(options, "label");
        if (typeof nextLabel === "string") label = truncateString(nextLabel, limits.tableCellChars);
        const nextTotal = dataProperty(options, "total");
        if (nextTotal !== undefined) total = readTotal("progress.update", nextTotal);
      }
      send();
    },
    increment(by = 1) {
      if (typeof by !== "number" || !NumberIsFinite(by)) throw new TypeErrorCtor("progress.increment: by must be a finite number");
      handle.update(value + by);
    },
    done() {
      if (finished) return;
      finished = true;
      if (total !== null) value = total;
      send();
    },
  };
  send();
  return ObjectFreeze(handle);
}
