"use client";

import { useState } from "react";
import type { ValuePreview } from "@/protocol/outputs";
import { childrenOf, isExpandable, summarizeValue } from "./value-format";

/** A value preview as a tree: the top level open, nested values collapsed until clicked. */
export function ValueTree({ value }: { value: ValuePreview }) {
  return (
    <div className="value-tree" data-testid="output-value">
      <ValueNode label={null} value={value} initiallyOpen />
    </div>
  );
}

function ValueNode({ label, value, initiallyOpen = false }: { label: string | null; value: ValuePreview; initiallyOpen?: boolean }) {
  const expandable = isExpandable(value);
  const [open, setOpen] = useState(initiallyOpen && expandable);
  const key = label === null ? null : <span className="value-key">{label}: </span>;
  if (!expandable) {
    return (
      <div className="value-row">
        <span className="value-caret" aria-hidden="true" />
        {key}
        <span className={`value-${value.t}`}>{summarizeValue(value)}</span>
      </div>
    );
  }
  const children = childrenOf(value)!;
  return (
    <div className="value-node">
      <button type="button" className="value-row value-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span className="value-caret" aria-hidden="true">
          {open ? "▾" : "▸"}
        </span>
        {key}
        <span className={`value-${value.t}`}>{summarizeValue(value, open ? 0 : 1)}</span>
      </button>
      {open && (
        <div className="value-children">
          {children.children.map((child, i) => (
            <ValueNode key={i} label={child.key} value={child.value} />
          ))}
          {children.more > 0 && <div className="value-row value-more muted">… {children.more} more not shown</div>}
        </div>
      )}
    </div>
  );
}
