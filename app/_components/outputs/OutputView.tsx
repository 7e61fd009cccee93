"use client";

import { memo } from "react";
import type { CellOutput } from "@/protocol/outputs";
import { ChartOutput } from "./ChartOutput";
import { ErrorOutput } from "./ErrorOutput";
import { assertNever } from "./exhaustive";
import { HtmlOutput } from "./HtmlOutput";
import type { OutputContext } from "./output-context";
import { ProgressOutput } from "./ProgressOutput";
import { TableOutput } from "./TableOutput";
import { formatBytes, formatCount } from "./units";
import { ValueTree } from "./ValueTree";

function renderOutput(output: CellOutput, context: OutputContext) {
  switch (output.type) {
    case "stream":
      return (
        <pre className={`output-stream output-${output.name}`} data-testid="output-stream" data-stream={output.name}>
          {output.text}
        </pre>
      );
    case "value":
      return <ValueTree value={output.value} />;
    case "table":
      return <TableOutput table={output} />;
    case "chart":
      return <ChartOutput spec={output.spec} />;
    case "markdown":
      return <HtmlOutput markdown={output.text} />;
    case "html":
      return <HtmlOutput html={output.html} />;
    case "progress":
      return <ProgressOutput progress={output} />;
    case "error":
      return <ErrorOutput error={output.error} context={context} />;
    case "truncated":
      return (
        <div className="output-truncated muted small" data-testid="output-truncated">
          Output truncated: {formatCount(output.omittedOutputs)} more {output.omittedOutputs === 1 ? "output" : "outputs"} (
          {formatBytes(output.omittedBytes)}) over the {formatBytes(output.limitBytes)} limit not kept.
        </div>
      );
    default:
      return assertNever(output, "output type");
  }
}

/**
 * One output, by type. Memoized: the document hands back the same object
 * for an output that did not change, so a progress bar ticking elsewhere in
 * the cell does not re-render a chart or a table.
 */
export const OutputView = memo(function OutputView({ output, context }: { output: CellOutput; context: OutputContext }) {
  return (
    <div className="output" data-testid="output" data-type={output.type}>
      {renderOutput(output, context)}
    </div>
  );
});
