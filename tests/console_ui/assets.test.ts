import assert from "node:assert/strict";
import { CONSOLE_CSS } from "../../lib/console_ui/assets.ts";

/** WCAG 2 relative luminance of `#rrggbb`. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** The rule of `selector` in the stylesheet (its first occurrence). */
function rule(selector: string): string {
  const at = ("\n" + CONSOLE_CSS).indexOf(`\n${selector} {`);
  assert.ok(at >= 0, selector);
  return CONSOLE_CSS.slice(at, CONSOLE_CSS.indexOf("}", at));
}

const colour = (css: string, prop: string) =>
  new RegExp(`(?:^|[ ;{])${prop}: (#[0-9a-f]{6})`).exec(css)?.[1];

Deno.test("console stylesheet: text colours reach 4.5:1 against their backgrounds (WCAG AA)", () => {
  const page = colour(rule("body"), "background")!;
  const pairs: [string, string, string][] = [
    ["body text", colour(rule(":root"), "color")!, page],
    ["links", colour(rule("a"), "color")!, page],
    ["header", colour(rule("header"), "color")!, colour(rule("header"), "background")!],
    ["alerts", colour(rule("[role=alert]"), "color")!, page],
    ["buttons", colour(rule("button"), "color")!, colour(rule("button"), "background")!],
    ["disabled buttons", colour(rule("button:disabled"), "color")!, "#ffffff"],
  ];
  for (const [what, fg, bg] of pairs) {
    assert.ok(fg && bg, what);
    assert.ok(contrast(fg, bg) >= 4.5, `${what}: ${fg} on ${bg} is ${contrast(fg, bg).toFixed(2)}`);
  }
  // Non-text contrast (WCAG 1.4.11): the focus ring 3:1 against the page.
  const ring = /outline: 3px solid (#[0-9a-f]{6})/.exec(rule(":focus-visible"))![1];
  assert.ok(contrast(ring, page) >= 3, `focus ring ${ring}`);
});

Deno.test("console stylesheet: a visible focus ring and a layout that stacks tables on a phone", () => {
  assert.match(rule(":focus-visible"), /outline: 3px solid/);
  assert.match(CONSOLE_CSS, /@media \(max-width: 40rem\) \{[^]*thead \{ display: none; \}/);
});
