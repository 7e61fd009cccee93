import DOMPurify from "dompurify";
import { Marked } from "marked";

// GitHub-flavoured markdown, line breaks as written; one instance, no global options touched.
const marked = new Marked({ gfm: true, breaks: false, async: false });

/**
 * Markdown to safe HTML: marked renders, DOMPurify removes scripts, event
 * handlers and javascript: URLs, since cells are written by other people.
 * Browser only (DOMPurify needs a DOM).
 *
 * @example
 * renderMarkdown("# Title") // "<h1>Title</h1>\n"
 */
export function renderMarkdown(source: string): string {
  const html = marked.parse(source) as string;
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true } });
}
