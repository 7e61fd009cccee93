"use client";

import { useMemo } from "react";
import { renderMarkdown } from "../editor/markdown";
import { sanitizeOutputHtml } from "./sanitize";

/** Markdown or HTML displayed by a cell, sanitized again here whatever the kernel did. */
export function HtmlOutput({ html, markdown }: { html?: string; markdown?: string }) {
  const safe = useMemo(() => sanitizeOutputHtml(markdown !== undefined ? renderMarkdown(markdown) : (html ?? "")), [html, markdown]);
  return (
    <div
      className={markdown !== undefined ? "output-markdown" : "output-html"}
      data-testid={markdown !== undefined ? "output-markdown" : "output-html"}
      dangerouslySetInnerHTML={{ __html: safe }}
    />
  );
}
