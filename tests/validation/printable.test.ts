/** The printable-character ranges and the name / description patterns built from them. */

import { equal, ok } from "node:assert/strict";
import {
  buildRegexRange,
  isPrintable,
  pyEscapeChar,
  validAzNameLeadingTrailingSpacesRegex,
  validAzNameRegex,
  validDescriptionRegex,
  validNameLeadingTrailingSpacesRegex,
  validNameRegex,
} from "../../lib/validation/printable.ts";
import { pySearch } from "../../lib/validation/pyregex.ts";

const esc = pyEscapeChar;

Deno.test("printable: range building over ASCII (Nova's own expectations)", () => {
  const limit = 0x7f;
  equal(buildRegexRange({ ws: false, limit }), esc("!") + "-" + esc("~"));
  equal(buildRegexRange({ ws: true, limit }), esc(" ") + "-" + esc("~"));
  equal(
    buildRegexRange({ ws: true, exclude: ["A"], limit }),
    esc(" ") + "-" + esc("@") + "B-" + esc("~"),
  );
  equal(buildRegexRange({ ws: false, invert: true, limit }), "\x00-" + esc(" "));
  equal(
    buildRegexRange({ ws: true, exclude: ["A", "C"], limit }),
    esc(" ") + "-" + esc("@") + "BD-" + esc("~"),
  );
  equal(
    buildRegexRange({ ws: true, exclude: ["A", "B", "C", "Z"], invert: true, limit }),
    "\x00-\x1fA-CZ",
  );
});

Deno.test("printable: character classes", () => {
  for (const ch of ["a", " ", "\u00a0", "\u2006", "\u0434", "\u0301", "\ufffd", "!"]) {
    ok(isPrintable(ch), ch);
  }
  for (const ch of ["\u0000", "\n", "\u007f", "\u200b", "\u2028", "\u2029", "\ud800", "\ue000"]) {
    ok(!isPrintable(ch), JSON.stringify(ch));
  }
});

Deno.test("printable: re.escape of single characters", () => {
  equal(esc(" "), "\\ ");
  equal(esc("-"), "\\-");
  equal(esc("~"), "\\~");
  equal(esc("a"), "a");
  equal(esc("\u0000"), "\u0000");
});

const accepts = (regex: string, value: string) => pySearch(regex, value);

Deno.test("printable: name pattern", () => {
  const regex = validNameRegex.regex;
  for (
    const good of [
      "m1.small",
      "my server",
      "a",
      "\u0434",
      "\u0434\u2006\ufffd",
      "",
      "日本語 サーバー",
    ]
  ) {
    ok(accepts(regex, good), JSON.stringify(good));
  }
  for (
    const bad of [
      " ",
      " server",
      "server ",
      "a\u00a0",
      "\tx",
      "x\t",
      "\uffff",
      "\u{10000}",
      "a\u0000b",
      "a\u200bb",
    ]
  ) {
    ok(!accepts(regex, bad), JSON.stringify(bad));
  }
  // Python's `$` also matches before a final newline, so Nova lets this through.
  ok(accepts(regex, "abc\n"));
  equal(validNameRegex.reason, "printable characters. Can not start or end with whitespace.");
});

Deno.test("printable: name pattern allowing leading/trailing spaces", () => {
  const regex = validNameLeadingTrailingSpacesRegex.regex;
  for (
    const good of ["m1.small", "  abc  ", "abc  abc  abc", "  abc  abc  abc  ", "\u00a0abc", "a"]
  ) {
    ok(accepts(regex, good), JSON.stringify(good));
  }
  for (const bad of [" ", "\u00a0", "\uffff", "\u{10000}", "", "a\u0000"]) {
    ok(!accepts(regex, bad), JSON.stringify(bad));
  }
});

Deno.test("printable: availability zone patterns exclude ':'", () => {
  ok(accepts(validAzNameRegex.regex, "nova-zone 1"));
  ok(!accepts(validAzNameRegex.regex, "nova:zone"));
  ok(accepts(validAzNameLeadingTrailingSpacesRegex.regex, " zone "));
  ok(!accepts(validAzNameLeadingTrailingSpacesRegex.regex, " zone:1 "));
});

Deno.test("printable: description pattern", () => {
  ok(validDescriptionRegex.startsWith("^[\\ -\\~\u00a0-"));
  for (const good of ["", "a flavor for testing", "\u00a0spaced\u3000out ", "日本語"]) {
    ok(accepts(validDescriptionRegex, good), JSON.stringify(good));
  }
  for (const bad of ["tab\there", "nul\u0000", "line\nbreak\nx", "\u{1F600}"]) {
    ok(!accepts(validDescriptionRegex, bad), JSON.stringify(bad));
  }
});
