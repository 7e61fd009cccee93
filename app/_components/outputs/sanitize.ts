import DOMPurify from "dompurify";

/**
 * Tags an HTML output may not use: a <style> would restyle the whole page,
 * and forms could collect what a reader types (a password) for the cell's author.
 */
const FORBIDDEN_TAGS = ["style", "form", "input", "button", "textarea", "select", "option", "dialog"];

/**
 * An HTML output made safe to insert: DOMPurify removes scripts, event
 * handlers and javascript: URLs, and the tags above. Without a DOM
 * (DOMPurify would hand the input back untouched) it returns nothing.
 *
 * @example
 * sanitizeOutputHtml('<b onclick="x()">hi</b>') // "<b>hi</b>"
 */
export function sanitizeOutputHtml(html: string): string {
  if (!DOMPurify.isSupported) return "";
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true }, FORBID_TAGS: FORBIDDEN_TAGS });
}
