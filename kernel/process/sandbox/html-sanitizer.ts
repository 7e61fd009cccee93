/**
 * A conservative allowlist sanitizer for `display.html`, run on the host
 * before the output is stored (the UI sanitizes again with DOMPurify when it
 * renders). Tags and attributes are rebuilt from an allowlist, so anything
 * the tokenizer does not understand ends up as escaped text.
 */

const ALLOWED_TAGS = new Set([
  "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "details", "div", "dl",
  "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li",
  "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table",
  "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
]);

/** Dropped together with everything inside them. */
const DROPPED_WITH_CONTENT = new Set([
  "script", "style", "iframe", "frameset", "object", "applet", "template", "noscript",
  "noembed", "noframes", "textarea", "title", "xmp", "plaintext", "svg", "math", "select", "option",
]);

const GLOBAL_ATTRIBUTES = new Set(["class", "title", "lang", "dir", "style", "align", "valign", "width", "height"]);
const TAG_ATTRIBUTES: Record<string, Set<string>> = {
  a: new Set(["href", "target"]),
  img: new Set(["src", "alt"]),
  td: new Set(["colspan", "rowspan"]),
  th: new Set(["colspan", "rowspan", "scope"]),
  col: new Set(["span"]),
  colgroup: new Set(["span"]),
  ol: new Set(["start", "reversed", "type"]),
  table: new Set(["border", "cellpadding", "cellspacing"]),
  details: new Set(["open"]),
};
const URL_ATTRIBUTES = new Set(["href", "src"]);
const SAFE_SCHEMES = new Set(["http", "https", "mailto"]);
const SAFE_DATA_IMAGE = /^data:image\/(png|gif|jpe?g|webp);base64,[a-z0-9+/=\s]*$/i;

const TOKEN =
  /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<![^>]*(?:>|$)|<\?[^>]*(?:>|$)|<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
const ATTRIBUTE = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

export function sanitizeHtml(html: string): string {
  let out = "";
  let last = 0;
  let skipping: string | null = null;
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(html); match !== null; match = TOKEN.exec(html)) {
    const [token, slash, rawName, rawAttributes] = match;
    if (skipping === null) out += escapeText(html.slice(last, match.index));
    last = match.index + token.length;
    if (rawName === undefined) continue; // comments, doctypes, CDATA, processing instructions
    const name = rawName.toLowerCase();
    if (skipping !== null) {
      if (slash === "/" && name === skipping) skipping = null;
      continue;
    }
    if (DROPPED_WITH_CONTENT.has(name)) {
      if (slash !== "/" && !/\/\s*$/.test(rawAttributes ?? "")) skipping = name;
      continue;
    }
    if (!ALLOWED_TAGS.has(name)) continue;
    out += slash === "/" ? `</${name}>` : `<${name}${rebuildAttributes(name, rawAttributes ?? "")}>`;
  }
  if (skipping === null) out += escapeText(html.slice(last));
  return out;
}

function escapeText(text: string): string {
  return text.replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function rebuildAttributes(tag: string, raw: string): string {
  let out = "";
  const seen = new Set<string>();
  ATTRIBUTE.lastIndex = 0;
  for (let match = ATTRIBUTE.exec(raw); match !== null; match = ATTRIBUTE.exec(raw)) {
    const name = (match[1] ?? "").toLowerCase();
    const value = match[2] ?? match[3] ?? match[4] ?? "";
    if (seen.has(name) || !(GLOBAL_ATTRIBUTES.has(name) || TAG_ATTRIBUTES[tag]?.has(name))) continue;
    if (URL_ATTRIBUTES.has(name) && !isSafeUrl(value)) continue;
    if (name === "style" && !isSafeStyle(value)) continue;
    seen.add(name);
    out += ` ${name}="${escapeAttribute(value)}"`;
  }
  if (tag === "a" && seen.has("target")) out += ' rel="noopener noreferrer"';
  return out;
}

function escapeAttribute(value: string): string {
  return value.replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Decodes the entities that matter for a scheme check (numeric ones and a few named ones). */
function decodeForCheck(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(Math.min(parseInt(hex, 16), 0x10ffff)))
    .replace(/&#(\d+);?/g, (_, dec: string) => String.fromCodePoint(Math.min(parseInt(dec, 10), 0x10ffff)))
    .replace(/&colon;?/gi, ":")
    .replace(/&(tab|newline);?/gi, "");
}

export function isSafeUrl(value: string): boolean {
  // Browsers ignore control characters and whitespace inside a scheme.
  const decoded = decodeForCheck(value).replace(/[\u0000-\u0020\u007f-\u009f]/g, "");
  if (/&[a-z]+;?/i.test(decoded.split(/[/?#]/)[0] ?? "")) return false;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(decoded);
  if (!scheme) return true;
  const name = (scheme[1] ?? "").toLowerCase();
  if (name === "data") return SAFE_DATA_IMAGE.test(decoded);
  return SAFE_SCHEMES.has(name);
}

function isSafeStyle(value: string): boolean {
  const decoded = decodeForCheck(value).toLowerCase();
  return !/(expression|url\s*\(|javascript:|vbscript:|behavior|binding|@import|[\\<>&])/.test(decoded);
}
