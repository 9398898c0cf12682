/**
 * Render JSON values the way Python's `repr()` and `str()` do.
 *
 * Nova's validation messages are built with Python string formatting, so a
 * string shows up as `'abc'`, `null` as `None`, `true` as `True` and an
 * object as `{'a': 1}`. These helpers reproduce that text.
 *
 * Python keeps integers and floats apart; JSON parsed in JavaScript does not.
 * A number is rendered as an integer when it is integral and below 1e21 in
 * magnitude, and as a Python float otherwise (so `1.0` in a request shows as
 * `1`, where Nova would show `1.0`). A `bigint` is always an integer.
 *
 * @module
 */

// Characters Python's str.isprintable() rejects: other (C*), separators other
// than the ASCII space.
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

function hex(cp: number, width: number): string {
  return cp.toString(16).padStart(width, "0");
}

/**
 * Python's `repr()` of a string: quoted, with `\\`, the quote character and
 * non-printable characters escaped.
 *
 * @example
 * ```ts
 * pyReprString("it's"); // => "\"it's\""
 * pyReprString("a\u0000"); // => "'a\\x00'"
 * ```
 */
export function pyReprString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === "\\") out += "\\" + ch;
    else if (ch === "\t") out += "\\t";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (cp < 0x20 || cp === 0x7f) out += "\\x" + hex(cp, 2);
    else if (cp < 0x7f) out += ch;
    else if (!NON_PRINTABLE.test(ch)) out += ch;
    else if (cp <= 0xff) out += "\\x" + hex(cp, 2);
    else if (cp <= 0xffff) out += "\\u" + hex(cp, 4);
    else out += "\\U" + hex(cp, 8);
  }
  return out + quote;
}

/**
 * Python's `repr()` of a float.
 *
 * @example
 * ```ts
 * pyFloatRepr(1); // => "1.0"
 * pyFloatRepr(1e16); // => "1e+16"
 * pyFloatRepr(0.00001); // => "1e-05"
 * ```
 */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const sign = x < 0 ? "-" : "";
  // toExponential() without an argument yields the shortest round-trip digits.
  const [mantissa, expText] = Math.abs(x).toExponential().split("e");
  const digits = mantissa.replace(".", "");
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) {
    const rest = digits.length > 1 ? "." + digits.slice(1) : "";
    const expSign = exp < 0 ? "-" : "+";
    return `${sign}${digits[0]}${rest}e${expSign}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  const point = exp + 1; // digits before the decimal point
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${"0".repeat(point - digits.length)}.0`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/**
 * Python's `repr()` of a number. Integral numbers below 1e21 in magnitude
 * (those `JSON.stringify` writes without an exponent, and so those Python's
 * `json` would read as `int`) render as integers; anything else as a float.
 *
 * @example
 * ```ts
 * pyNumberRepr(3); // => "3"
 * pyNumberRepr(1.5); // => "1.5"
 * pyNumberRepr(12n); // => "12"
 * ```
 */
export function pyNumberRepr(n: number | bigint): string {
  if (typeof n === "bigint") return n.toString();
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return BigInt(n).toString();
  return pyFloatRepr(n);
}

/**
 * Python's `repr()` of a JSON value.
 *
 * @example
 * ```ts
 * pyRepr({ a: [1, null, true] }); // => "{'a': [1, None, True]}"
 * ```
 */
export function pyRepr(value: unknown): string {
  return reprAt(value, 0);
}

// Beyond this depth containers render as `[...]` / `{...}` instead of overflowing the stack.
const MAX_DEPTH = 200;

function reprAt(value: unknown, depth: number): string {
  if (value === null || value === undefined) return "None";
  switch (typeof value) {
    case "string":
      return pyReprString(value);
    case "boolean":
      return value ? "True" : "False";
    case "number":
    case "bigint":
      return pyNumberRepr(value);
  }
  if (Array.isArray(value)) {
    if (depth >= MAX_DEPTH) return "[...]";
    return "[" + value.map((item) => reprAt(item, depth + 1)).join(", ") + "]";
  }
  if (typeof value === "object") {
    if (depth >= MAX_DEPTH) return "{...}";
    const parts = Object.keys(value).map((key) =>
      `${pyReprString(key)}: ${reprAt((value as Record<string, unknown>)[key], depth + 1)}`
    );
    return "{" + parts.join(", ") + "}";
  }
  return String(value);
}

/**
 * Python's `str()` of a JSON value: like {@link pyRepr} except that a
 * top-level string is shown bare.
 *
 * @example
 * ```ts
 * pyStr("abc"); // => "abc"
 * pyStr(["abc"]); // => "['abc']"
 * ```
 */
export function pyStr(value: unknown): string {
  return typeof value === "string" ? value : pyRepr(value);
}

/**
 * Compare two strings by code point, as Python's `sorted()` does
 * (JavaScript's default sort compares UTF-16 code units instead).
 */
export function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  while (true) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done ? (y.done ? 0 : -1) : 1;
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}
