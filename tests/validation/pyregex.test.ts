/**
 * Python regular expressions on JavaScript's engine. The table rows are
 * `[pattern, text, re.search(...) matched, re.match(...) matched]`, with the
 * booleans taken from CPython 3.11's `re`.
 */

import { deepEqual, equal, ok, throws } from "node:assert/strict";
import {
  compilePythonRegex,
  isValidPythonRegex,
  pyMatch,
  pyMatchGroups,
  pySearch,
  PythonRegexError,
  translatePythonRegex,
} from "../../lib/validation/pyregex.ts";

const CPYTHON: [string, string, boolean, boolean][] = [
  ["^[0-9]+$", "123", true, true],
  ["^[0-9]+$", "123\n", true, true],
  ["^[0-9]+$", "12a", false, false],
  ["^[0-9]+$", "a b c", false, false],
  ["^[0-9]*\\Z", "", true, true],
  ["^[0-9]*\\Z", "123", true, true],
  ["^[0-9]*\\Z", "x\u001c", false, false],
  ["^[0-9]*\\Z", "aab", false, false],
  ["\\Aab", "ab", true, true],
  ["\\Aab", "abc", true, true],
  ["\\Aab", "abC", true, true],
  ["\\Aab", "", false, false],
  ["\\Aab", "/dev/xvdb1", false, false],
  ["a.c", "abc", true, true],
  ["a.c", "a@b", false, false],
  ["a.c", "é", false, false],
  ["(?s)a.c", "a\nc", true, true],
  ["(?s)a.c", "abc", true, true],
  ["(?s)a.c", "{", false, false],
  ["(?s)a.c", "aab", false, false],
  ["(?m)^b$", "a\nb\nc", true, false],
  ["(?m)^b$", "b", true, true],
  ["(?m)^b$", "{", false, false],
  ["(?m)^b$", "12a", false, false],
  ["\\d+", "/dev/xvdb1", true, false],
  ["\\d+", "123\n", true, true],
  ["\\d+", "12a", true, true],
  ["\\d+", "foobar", false, false],
  ["\\d+", "aaba", false, false],
  ["\\w+$", "a\nc", true, false],
  ["\\w+$", "123", true, true],
  ["\\w+$", "a,b", true, false],
  ["\\w+$", "　", false, false],
  ["\\w+$", "x{1,a}", false, false],
  ["\\s", "a\nb\nc", true, false],
  ["\\s", "a\nc", true, false],
  ["\\s", "x\u001c", true, false],
  ["\\s", "b", false, false],
  ["\\s", "abc", false, false],
  ["\\W", "a\nc", true, false],
  ["\\W", "x{1,a}", true, false],
  ["\\W", "a\nb\nc", true, false],
  ["\\W", "", false, false],
  ["\\W", "a", false, false],
  ["\\bfoo\\b", "foo bar", true, true],
  ["\\bfoo\\b", "}", false, false],
  ["\\bfoo\\b", "x\u001c", false, false],
  ["(?i)ABC", "ABC", true, true],
  ["(?i)ABC", "abc", true, true],
  ["(?i)ABC", "abC", true, true],
  ["(?i)ABC", "", false, false],
  ["(?i)ABC", "x\u001c", false, false],
  ["(?P<x>a+)b(?P=x)", "aaba", true, false],
  ["(?P<x>a+)b(?P=x)", "abc", false, false],
  ["(?P<x>a+)b(?P=x)", "{", false, false],
  ["a{,2}$", "\t", true, false],
  ["a{,2}$", "/dev/vda", true, false],
  ["a{,2}$", "", true, true],
  ["a{}", "a{}", true, true],
  ["a{}", " ", false, false],
  ["a{}", "١٢", false, false],
  ["{", "{", true, true],
  ["{", "a{}", true, false],
  ["{", "x{1,a}", true, false],
  ["{", "123", false, false],
  ["{", "foo bar", false, false],
  ["x{1,a}", "x{1,a}", true, true],
  ["x{1,a}", "a.b", false, false],
  ["x{1,a}", "foobar", false, false],
  ["[]a]", "/dev/vda", true, false],
  ["[]a]", "aab", true, true],
  ["[]a]", "abc", true, true],
  ["[]a]", "b", false, false],
  ["[]a]", "é", false, false],
  ["[\\w.]+", "aaba", true, true],
  ["[\\w.]+", "b", true, true],
  ["[\\w.]+", "abC", true, true],
  ["[\\w.]+", " ", false, false],
  ["[\\w.]+", "}", false, false],
  ["\\x41", "ABC", true, true],
  ["\\x41", "A", true, true],
  ["\\x41", "a@b", false, false],
  ["\\x41", "123\n", false, false],
  ["\\101", "A", true, true],
  ["\\101", "ABC", true, true],
  ["\\101", "foobar", false, false],
  ["\\101", "x\u001c", false, false],
  ["[\\@\\. ]", "a.b", true, false],
  ["[\\@\\. ]", "x ", true, false],
  ["[\\@\\. ]", " x", true, true],
  ["[\\@\\. ]", "a\nc", false, false],
  ["[\\@\\. ]", "123\n", false, false],
  ["(?#comment)a", "a@b", true, true],
  ["(?#comment)a", "a{}", true, true],
  ["(?#comment)a", "aaba", true, true],
  ["(?#comment)a", "١٢", false, false],
  ["(?#comment)a", " ", false, false],
  ["(?x) a b # c\n c", "abc", true, true],
  ["(?x) a b # c\n c", "foobar", false, false],
  ["(?x) a b # c\n c", "foo bar", false, false],
  ["(?<!a)b", "/dev/xvdb1", true, false],
  ["(?<!a)b", "foobar", true, false],
  ["(?<!a)b", "a.b", true, false],
  ["(?<!a)b", "}", false, false],
  ["(?<!a)b", "/dev/vda", false, false],
  ["é+", "é", true, true],
  ["é+", "foobar", false, false],
  ["é+", "a.b", false, false],
  ["^(?! )[a-zA-Z0-9. _-]+(?<! )$", "foo bar", true, true],
  ["^(?! )[a-zA-Z0-9. _-]+(?<! )$", "a", true, true],
  ["^(?! )[a-zA-Z0-9. _-]+(?<! )$", "abC", true, true],
  ["^(?! )[a-zA-Z0-9. _-]+(?<! )$", "a\nb\nc", false, false],
  ["^(?! )[a-zA-Z0-9. _-]+(?<! )$", "\t", false, false],
  ["(^/dev/x{0,1}[a-z]{0,1}d{0,1})([a-z]+)[0-9]*$", "/dev/xvdb1", true, true],
  ["(^/dev/x{0,1}[a-z]{0,1}d{0,1})([a-z]+)[0-9]*$", "/dev/vda", true, true],
  ["(^/dev/x{0,1}[a-z]{0,1}d{0,1})([a-z]+)[0-9]*$", "ab", false, false],
  ["(^/dev/x{0,1}[a-z]{0,1}d{0,1})([a-z]+)[0-9]*$", "a b c", false, false],
  ["^[^,/]*$", "　", true, true],
  ["^[^,/]*$", "123\n", true, true],
  ["^[^,/]*$", "a.b", true, true],
  ["^[^,/]*$", "/dev/xvdb1", false, false],
  ["^[^,/]*$", "/dev/vda", false, false],
  ["(?a)\\w+", "b", true, true],
  ["(?a)\\w+", "ab", true, true],
  ["(?a)\\w+", "a\nc", true, true],
  ["(?a)\\w+", "{", false, false],
  ["(?a)\\w+", "١٢", false, false],
  ["(?i:a)B", "ABC", true, true],
  ["(?i:a)B", " x", false, false],
  ["(?i:a)B", "aaba", false, false],
  ["]", "]", true, true],
  ["]", "A", false, false],
  ["]", "", false, false],
  ["}", "x{1,a}", true, false],
  ["}", "a{}", true, false],
  ["}", "}", true, true],
  ["}", " ", false, false],
  ["}", "abc", false, false],
];

Deno.test("pyregex: agrees with CPython's re.search / re.match", () => {
  for (const [pattern, text, search, match] of CPYTHON) {
    equal(
      pySearch(pattern, text),
      search,
      `search ${JSON.stringify(pattern)} ${JSON.stringify(text)}`,
    );
    equal(
      pyMatch(pattern, text),
      match,
      `match ${JSON.stringify(pattern)} ${JSON.stringify(text)}`,
    );
  }
});

Deno.test("pyregex: Python anchors", () => {
  // `$` also matches before a single trailing newline; `\Z` does not.
  ok(pySearch("^[0-9]+$", "12\n"));
  ok(!pySearch("^[0-9]+$", "12\n\n"));
  ok(!pySearch("^[0-9]+\\Z", "12\n"));
  ok(!pySearch("\\Aab", "cab"));
});

Deno.test("pyregex: translation output", () => {
  deepEqual(translatePythonRegex("^[0-9]+$"), { source: "^[0-9]+(?=\\n?$)", flags: "u" });
  deepEqual(translatePythonRegex("(?i)a\\Z"), { source: "a$", flags: "iu" });
  equal(translatePythonRegex("(?P<n>x)(?P=n)").source, "(?<n>x)\\k<n>");
  equal(translatePythonRegex("[_\\-\\@\\. ]").source, "[_\\u{2d}\\u{40}\\u{2e} ]");
  equal(translatePythonRegex("a{}b{,2}").source, "a\\{\\}b{0,2}");
});

Deno.test("pyregex: invalid and unsupported patterns", () => {
  for (const bad of ["[", "(", "a{2,1}", "\\p", "\\q", "(?L)a", "x(?i)y"]) {
    ok(!isValidPythonRegex(bad), bad);
    throws(() => compilePythonRegex(bad), PythonRegexError);
  }
  // Valid in Python 3.11 but without a JavaScript equivalent here.
  for (const unsupported of ["a++", "(?>a)", "(?(1)a|b)", "\\N{DIGIT ONE}"]) {
    ok(!isValidPythonRegex(unsupported), unsupported);
  }
  ok(isValidPythonRegex("Myserver"));
  ok(isValidPythonRegex("^web-[0-9]+\\.example\\.com$"));
});

Deno.test("pyregex: named groups of a match at the start", () => {
  deepEqual(pyMatchGroups("(?P<user>[a-z]+)@(?P<host>[a-z]*)", "bob@"), { user: "bob", host: "" });
  equal(pyMatchGroups("(?P<user>[a-z]+)@", "@bob"), null);
});
