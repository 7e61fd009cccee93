import { describe, expect, it } from "vitest";
import { isSafeUrl, sanitizeHtml } from "./html-sanitizer";

describe("sanitizeHtml", () => {
  it("keeps formatting, tables, links and images", () => {
    const html = `<h2 class="t">Title</h2><p>a <b>b</b> <i>c</i></p><table><tr><td colspan="2">x</td></tr></table><a href="https://x.org" target="_blank">l</a><img src="data:image/png;base64,AAAA" alt="i">`;
    expect(sanitizeHtml(html)).toBe(
      `<h2 class="t">Title</h2><p>a <b>b</b> <i>c</i></p><table><tr><td colspan="2">x</td></tr></table><a href="https://x.org" target="_blank" rel="noopener noreferrer">l</a><img src="data:image/png;base64,AAAA" alt="i">`,
    );
  });

  const attacks: Array<[string, string]> = [
    ["<script>alert(1)</script>ok", "ok"],
    ["<SCRIPT SRC=//evil></SCRIPT>ok", "ok"],
    ['<img src=x onerror="alert(1)">', '<img src="x">'],
    ["<svg onload=alert(1)><circle/></svg>ok", "ok"],
    ['<iframe srcdoc="<script>alert(1)</script>"></iframe>ok', "ok"],
    ['<a href="javascript:alert(1)">x</a>', "<a>x</a>"],
    ['<a href=" &#106;avascript:alert(1)">x</a>', "<a>x</a>"],
    ['<a href="java\tscript:alert(1)">x</a>', "<a>x</a>"],
    ['<a href="jav&#x09;ascript:alert(1)">x</a>', "<a>x</a>"],
    ['<a href="javascript&colon;alert(1)">x</a>', "<a>x</a>"],
    ['<img src="data:text/html,<script>alert(1)</script>">', "<img>"],
    ['<div style="background:url(javascript:alert(1))">x</div>', "<div>x</div>"],
    ['<div style="width: expression(alert(1))">x</div>', "<div>x</div>"],
    ["<style>body{display:none}</style>ok", "ok"],
    ["<!--<script>alert(1)</script>-->ok", "ok"],
    ["<scr<script>ipt>alert(1)</script>", "ipt&gt;alert(1)"],
    ["<math><mtext><img src=x onerror=alert(1)></mtext></math>ok", "ok"],
    ['<form action="javascript:alert(1)"><input value=x></form>ok', "ok"],
    ["<object data=evil.swf></object><embed src=evil>ok", "ok"],
    ['<p id="x" name="y" onmouseover="alert(1)">p</p>', "<p>p</p>"],
    ["<script", "&lt;script"],
    ["a < b > c", "a &lt; b &gt; c"],
  ];

  it.each(attacks)("neutralizes %s", (input, expected) => {
    const output = sanitizeHtml(input);
    expect(output).toBe(expected);
    expect(output).not.toMatch(/<script|<[^>]*\son\w+=|javascript:|<iframe|<svg|<style|<embed|<object/i);
  });

  it("keeps entity-encoded quotes inside an attribute value inert", () => {
    expect(sanitizeHtml(`<b title='a" onclick="x'>t</b>`)).toBe('<b title="a&quot; onclick=&quot;x">t</b>');
    expect(sanitizeHtml('<b title="a&quot; onclick=&quot;x">t</b>')).toBe('<b title="a&quot; onclick=&quot;x">t</b>');
  });

  it("allows only safe URL schemes", () => {
    expect(isSafeUrl("https://a.b/c")).toBe(true);
    expect(isSafeUrl("/relative?q=1#h")).toBe(true);
    expect(isSafeUrl("mailto:a@b.c")).toBe(true);
    expect(isSafeUrl("vbscript:x")).toBe(false);
    expect(isSafeUrl("data:image/svg+xml;base64,AAAA")).toBe(false);
    expect(isSafeUrl("JaVaScRiPt:x")).toBe(false);
  });
});
