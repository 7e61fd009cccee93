"use client";

import type { CellError, CellLocation, StackFrame } from "@/protocol/outputs";
import { describeCellError } from "./error-text";
import { assertNever } from "./exhaustive";
import type { OutputContext } from "./output-context";

/** A place in a cell, as a link that puts the caret there. */
function LocationLink({ location, context }: { location: CellLocation; context: OutputContext }) {
  return (
    <button type="button" className="output-link" data-testid="error-location" onClick={() => context.reveal(location)}>
      {context.labelOf(location.cellId)}, line {location.line}:{location.column}
    </button>
  );
}

function Stack({ frames, context }: { frames: StackFrame[]; context: OutputContext }) {
  if (frames.length === 0) return null;
  return (
    <ol className="output-error-stack">
      {frames.map((frame, i) => (
        <li key={i}>
          {frame.location ? <LocationLink location={frame.location} context={context} /> : null}
          <span className="muted">{frame.text}</span>
        </li>
      ))}
    </ol>
  );
}

function CellLinks({ cells, context }: { cells: string[]; context: OutputContext }) {
  return (
    <div className="output-error-cells">
      {cells.map((cellId, i) => (
        <button key={`${cellId}-${i}`} type="button" className="output-link" data-testid="error-cell" onClick={() => context.showCell(cellId)}>
          {context.labelOf(cellId)}
        </button>
      ))}
    </div>
  );
}

/** What each kind shows beyond its text: where an exception happened, which cells a graph error is about. */
function ErrorExtras({ error, context }: { error: CellError; context: OutputContext }) {
  switch (error.kind) {
    case "exception":
      return (
        <>
          {error.location && (
            <div className="output-error-at">
              at <LocationLink location={error.location} context={context} />
            </div>
          )}
          <Stack frames={error.stack} context={context} />
        </>
      );
    case "cycle":
    case "multiple-defs":
      return <CellLinks cells={error.cells} context={context} />;
    case "timeout":
    case "interrupted":
    case "memory":
    case "internal":
      return null;
    default:
      return assertNever(error, "cell error");
  }
}

/** A cell error, by kind (see describeCellError). */
export function ErrorOutput({ error, context }: { error: CellError; context: OutputContext }) {
  const text = describeCellError(error, context.labelOf);
  return (
    <div className={`output-error output-error-${error.kind}`} data-testid="output-error" data-kind={error.kind}>
      <div className="output-error-title">{text.title}</div>
      {text.detail && <div className="output-error-detail">{text.detail}</div>}
      <ErrorExtras error={error} context={context} />
    </div>
  );
}
