/** Python `repr()` / `str()` rendering and Python number parsing. */

import { equal } from "node:assert/strict";
import {
  compareCodePoints,
  pyFloatRepr,
  pyNumberRepr,
  pyRepr,
  pyReprString,
  pyStr,
} from "../../lib/validation/pyrepr.ts";
import {
  numberFromInstance,
  pyFloatFromString,
  pyIntFromString,
} from "../../lib/validation/pynumber.ts";

Deno.test("pyrepr: strings", () => {
  const cases: [string, string][] = [
    ["abc", "'abc'"],
    ["", "''"],
    ["it's", `"it's"`],
    [`say "hi" it's`, `'say "hi" it\\'s'`],
    ["back\\slash", "'back\\\\slash'"],
    ["a\tb\nc\rd", "'a\\tb\\nc\\rd'"],
    ["\u0000\u001f\u007f", "'\\x00\\x1f\\x7f'"],
    ["\u00a0", "'\\xa0'"],
    ["\u00ad", "'\\xad'"],
    ["é日本", "'é日本'"],
    ["\u2028\u200b", "'\\u2028\\u200b'"],
    ["\uffff", "'\\uffff'"],
    ["\ud800", "'\\ud800'"],
    ["\u{1F600}", "'\u{1F600}'"],
    ["\u{E0001}", "'\\U000e0001'"],
  ];
  for (const [input, expected] of cases) {
    equal(pyReprString(input), expected, JSON.stringify(input));
  }
});

Deno.test("pyrepr: floats", () => {
  const cases: [number, string][] = [
    [1, "1.0"],
    [1.5, "1.5"],
    [-0.5, "-0.5"],
    [0, "0.0"],
    [-0, "-0.0"],
    [0.1, "0.1"],
    [0.0001, "0.0001"],
    [0.00001, "1e-05"],
    [1e15, "1000000000000000.0"],
    [1e16, "1e+16"],
    [1.5e300, "1.5e+300"],
    [3.40282e38, "3.40282e+38"],
    [123456.789, "123456.789"],
    [NaN, "nan"],
    [Infinity, "inf"],
    [-Infinity, "-inf"],
  ];
  for (const [input, expected] of cases) equal(pyFloatRepr(input), expected, String(input));
});

Deno.test("pyrepr: numbers and containers", () => {
  equal(pyNumberRepr(3), "3");
  equal(pyNumberRepr(1e20), "100000000000000000000");
  equal(pyNumberRepr(1e21), "1e+21");
  equal(pyNumberRepr(2.5), "2.5");
  equal(pyNumberRepr(12345678901234567890n), "12345678901234567890");
  equal(pyRepr(null), "None");
  equal(pyRepr(true), "True");
  equal(pyRepr(false), "False");
  equal(pyRepr([]), "[]");
  equal(pyRepr({}), "{}");
  equal(pyRepr({ a: [1, null, "x"], b: { c: false } }), "{'a': [1, None, 'x'], 'b': {'c': False}}");
  equal(pyStr("bare"), "bare");
  equal(pyStr(["quoted"]), "['quoted']");
  equal(pyStr(0), "0");
});

Deno.test("pyrepr: deep nesting is cut off instead of overflowing", () => {
  let deep: unknown = 1;
  for (let i = 0; i < 100_000; i++) deep = [deep];
  const text = pyRepr(deep);
  equal(text.startsWith("[[[["), true);
  equal(text.includes("[...]"), true);
});

Deno.test("pyrepr: code point ordering", () => {
  const keys = ["b", "\u{1F600}", "\uffff", "a", "B"];
  equal(keys.sort(compareCodePoints).join(","), ["B", "a", "b", "\uffff", "\u{1F600}"].join(","));
});

Deno.test("pynumber: int() and float() of strings", () => {
  const ints: [string, bigint | null][] = [
    ["12", 12n],
    [" 12 ", 12n],
    ["+7", 7n],
    ["-0", 0n],
    ["007", 7n],
    ["1_000", 1000n],
    ["\u0663\u0664", 34n],
    ["\uff11\uff12", 12n],
    ["12\n", 12n],
    ["1__0", null],
    ["_1", null],
    ["1_", null],
    ["0x10", null],
    ["1.0", null],
    ["", null],
    ["99999999999999999999", 99999999999999999999n],
  ];
  for (const [text, expected] of ints) equal(pyIntFromString(text), expected, JSON.stringify(text));
  const floats: [string, number | null][] = [
    ["1.5", 1.5],
    [" 1_0.5e1_0 ", 105000000000],
    [".5", 0.5],
    ["1.", 1],
    ["1e3", 1000],
    ["-iNfinity", -Infinity],
    ["inf", Infinity],
    ["abc", null],
    [".", null],
    ["1e", null],
  ];
  for (const [text, expected] of floats) {
    equal(pyFloatFromString(text), expected, JSON.stringify(text));
  }
  equal(Number.isNaN(pyFloatFromString("nan")), true);
});

Deno.test("pynumber: Nova's _number_from_str", () => {
  equal(numberFromInstance("12"), 12n);
  equal(numberFromInstance("1.5"), 1.5);
  equal(numberFromInstance(1.9), 1n);
  equal(numberFromInstance(-1.9), -1n);
  equal(numberFromInstance(true), 1n);
  equal(numberFromInstance(false), 0n);
  equal(numberFromInstance("abc"), null);
  equal(numberFromInstance(null), null);
  equal(numberFromInstance([1]), null);
  equal(numberFromInstance({}), null);
});
