"use client";

import { useEffect, useMemo, useState } from "react";
import type * as Y from "yjs";
import { renderMarkdown } from "./markdown";

/**
 * A markdown cell shown rendered, following remote edits of its text.
 * Double-click asks to edit (when the user may).
 */
export function MarkdownPreview({ source, onEdit }: { source: Y.Text; onEdit?: () => void }) {
  const [text, setText] = useState(() => source.toString());
  useEffect(() => {
    const refresh = () => setText(source.toString());
    refresh();
    source.observe(refresh);
    return () => source.unobserve(refresh);
  }, [source]);
  const html = useMemo(() => renderMarkdown(text), [text]);

  if (text.trim() === "") {
    return (
      <div className="markdown-preview markdown-empty muted" onDoubleClick={onEdit} data-testid="markdown-preview">
        {onEdit ? "Empty markdown cell — double-click or press Enter to write." : "Empty markdown cell."}
      </div>
    );
  }
  return (
    <div
      className="markdown-preview"
      data-testid="markdown-preview"
      onDoubleClick={onEdit}
      // Sanitized by DOMPurify in renderMarkdown.
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
