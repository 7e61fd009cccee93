/**
 * Globals available in every Tracebook cell. The editor loads this file
 * into Monaco (hover docs and completion), the kernel's prelude is type-
 * checked against it, and the cell analyzer compiles cells with it.
 *
 * It is a global script (no imports or exports) written to merge cleanly
 * with lib.dom and @types/node: `Console` gains overloads, nothing else is
 * redeclared.
 */

/** Options of {@link TracebookDisplay.table}. */
interface TracebookTableOptions {
  /** Columns to show, in order; by default every key of the rows (or the array indices). */
  columns?: readonly string[];
  /** A line shown above the table. */
  caption?: string;
  /** Rows per page in the viewer, 1 to 1000; default 20. */
  pageSize?: number;
}

/** Options of {@link TracebookDisplay.progress}. */
interface TracebookProgressOptions {
  /** Text shown next to the bar. */
  label: string;
  /** The value that means complete; leave out for an indeterminate bar. */
  total?: number;
}

/**
 * A live progress bar made by `display.progress`. Updates replace the bar in
 * place (the kernel sends at most a few per second; the last one always
 * arrives).
 *
 * @example
 * const bar = display.progress({ label: "epochs", total: 10 });
 * for (let epoch = 0; epoch < 10; epoch++) {
 *   await sleep(100);
 *   bar.increment();
 * }
 * bar.done();
 */
interface ProgressHandle {
  /** The output id this bar updates. */
  readonly id: string;
  /**
   * Sets the current value, and optionally a new label or total.
   *
   * @example
   * bar.update(42, { label: "loading rows" });
   */
  update(value: number, options?: { label?: string; total?: number | null }): void;
  /**
   * Adds `by` (default 1) to the current value.
   *
   * @example
   * for (const file of files) { await process(file); bar.increment(); }
   */
  increment(by?: number): void;
  /**
   * Marks the bar complete (value = total); later updates are ignored.
   *
   * @example
   * bar.done();
   */
  done(): void;
}

/** The `display` global: rich outputs under the current cell. */
interface TracebookDisplay {
  /**
   * Shows rows as a paged table. Rows are all records or all arrays; the
   * first 1000 are kept, and the table says how many there were.
   *
   * @example
   * display.table([{ city: "Oslo", temp: 4 }, { city: "Rome", temp: 18 }], { caption: "Today" });
   * display.table([[1, "a"], [2, "b"]], { columns: ["id", "letter"] });
   */
  table(
    rows: ReadonlyArray<Readonly<Record<string, unknown>>> | ReadonlyArray<ReadonlyArray<unknown>>,
    options?: TracebookTableOptions,
  ): void;
  /**
   * Renders a Vega-Lite specification (plain data only: no functions).
   *
   * @example
   * display.chart({
   *   mark: "bar",
   *   data: { values: [{ x: "a", y: 3 }, { x: "b", y: 5 }] },
   *   encoding: { x: { field: "x", type: "nominal" }, y: { field: "y", type: "quantitative" } },
   * });
   */
  chart(spec: Readonly<Record<string, unknown>>): void;
  /**
   * Renders Markdown.
   *
   * @example
   * display.markdown(`## Results\nAccuracy: **${(0.93 * 100).toFixed(1)}%**`);
   */
  markdown(markdown: string): void;
  /**
   * Renders HTML after sanitizing it: scripts, event handlers, iframes and
   * `javascript:` links are removed.
   *
   * @example
   * display.html("<b>bold</b> and <span style='color: teal'>teal</span>");
   */
  html(html: string): void;
  /**
   * Starts a progress bar and returns its handle.
   *
   * @example
   * const bar = display.progress({ label: "training", total: 100 });
   * bar.update(50);
   * bar.done();
   */
  progress(options: TracebookProgressOptions): ProgressHandle;
}

/**
 * Rich outputs: tables, charts, Markdown, HTML and progress bars.
 *
 * @example
 * display.markdown("# Hello");
 */
declare const display: TracebookDisplay;

/**
 * The notebook's parameters, deeply frozen. Values are plain data.
 *
 * @example
 * const rate = typeof params.learningRate === "number" ? params.learningRate : 0.01;
 */
declare const params: { readonly [name: string]: unknown };

/**
 * Waits `ms` milliseconds (cells have no timers). Rejects when the cell is
 * interrupted.
 *
 * @example
 * await sleep(500);
 */
declare function sleep(ms: number): Promise<void>;

/**
 * The cell console: `log`, `info` and `debug` write to the cell's stdout,
 * `warn` and `error` to its stderr, formatted like Node's console.
 */
interface Console {
  /**
   * Writes to stdout. Strings print as-is, other values inspected; `%s %d %i %f %j %o %O` substitute.
   *
   * @example
   * console.log("rows:", rows.length, { first: rows[0] });
   */
  log(...data: unknown[]): void;
  /**
   * Same as `console.log`.
   *
   * @example
   * console.info("loaded %d rows", rows.length);
   */
  info(...data: unknown[]): void;
  /**
   * Same as `console.log`.
   *
   * @example
   * console.debug("state", state);
   */
  debug(...data: unknown[]): void;
  /**
   * Writes to stderr.
   *
   * @example
   * console.warn("missing values in", column);
   */
  warn(...data: unknown[]): void;
  /**
   * Writes to stderr.
   *
   * @example
   * console.error(new Error("bad input"));
   */
  error(...data: unknown[]): void;
}

/**
 * The cell console (log/info/debug to stdout, warn/error to stderr).
 *
 * @example
 * console.log("hello", { answer: 42 });
 */
declare var console: Console;
