import type { CellChange, CellDiffView } from "@/protocol/versions";
import { parsePatch, type PatchLine } from "./patch-lines";

const CHANGE_LABELS: Record<CellChange, string> = {
  modified: "text changed",
  moved: "moved",
  "kind-changed": "type changed",
  "metadata-changed": "metadata changed",
  "outputs-changed": "outputs changed",
};

const SIGNS = { added: "+", removed: "-", context: " ", hunk: "", note: "" } as const satisfies Record<PatchLine["kind"], string>;

function titleOf(cell: CellDiffView): string {
  const at = cell.index.to ?? cell.index.from;
  const kind = cell.kind.to ?? cell.kind.from;
  const kindChange = cell.kind.from && cell.kind.to && cell.kind.from !== cell.kind.to ? `${cell.kind.from} → ${cell.kind.to}` : kind;
  return `Cell ${(at ?? 0) + 1} · ${kindChange}`;
}

/** One cell of a diff: added, removed or changed (and how), with its unified line diff coloured by sign. */
export function CellDiffCard({ cell }: { cell: CellDiffView }) {
  // "No newline at end of file" is true of nearly every cell's last line: not worth a line of its own here.
  const lines = cell.patch ? parsePatch(cell.patch).filter((line) => line.kind !== "note") : [];
  return (
    <section className={`cell-diff cell-diff-${cell.status}`} data-testid="cell-diff" data-status={cell.status}>
      <header className="cell-diff-header">
        <strong>{titleOf(cell)}</strong>
        <span className={`diff-status diff-status-${cell.status}`}>{cell.status}</span>
        {cell.changes.map((change) => (
          <span key={change} className="badge">
            {CHANGE_LABELS[change]}
          </span>
        ))}
      </header>
      {lines.length > 0 && (
        <pre className="patch" aria-label="Line changes">
          {lines.map((line, i) => (
            <span key={i} className={`patch-line patch-${line.kind}`} data-kind={line.kind}>
              <span className="patch-sign" aria-hidden="true">
                {SIGNS[line.kind]}
              </span>
              {line.text || " "}
              {"\n"}
            </span>
          ))}
        </pre>
      )}
    </section>
  );
}
