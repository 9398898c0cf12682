/**
 * Python's `int()` and `float()` conversions, as Nova's validator applies them
 * before checking `minimum` / `maximum` (so `"0"` fails `minimum: 1`).
 *
 * @module
 */

// Python's str.strip() / int() whitespace set.
const PY_SPACE =
  "\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000";
const STRIP = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, "gu");
const ND = /\p{Nd}/u;

/** Map every Unicode decimal digit to its ASCII digit, as Python does before parsing numbers. */
function asciiDigits(s: string): string {
  let out = "";
  for (const ch of s) {
    if (ch >= "0" && ch <= "9") {
      out += ch;
      continue;
    }
    if (!ND.test(ch)) {
      out += ch;
      continue;
    }
    // Decimal digits come in complete, contiguous 0..9 runs.
    const cp = ch.codePointAt(0)!;
    let start = cp;
    while (ND.test(String.fromCodePoint(start - 1))) start--;
    out += String((cp - start) % 10);
  }
  return out;
}

const INT_TEXT = /^[+-]?[0-9](?:_?[0-9])*$/;
const DIGITS = "[0-9](?:_?[0-9])*";
const FLOAT_TEXT = new RegExp(
  `^[+-]?(?:(?:${DIGITS}(?:\\.(?:${DIGITS})?)?|\\.${DIGITS})(?:[eE][+-]?${DIGITS})?|inf(?:inity)?|nan)$`,
  "i",
);

/**
 * Python's `int(text)` for a string, or `null` where Python raises ValueError.
 *
 * @example
 * ```ts
 * pyIntFromString(" 1_000 "); // => 1000n
 * pyIntFromString("1.5"); // => null
 * ```
 */
export function pyIntFromString(text: string): bigint | null {
  const s = asciiDigits(text.replace(STRIP, ""));
  if (!INT_TEXT.test(s)) return null;
  return BigInt(s.replaceAll("_", ""));
}

/**
 * Python's `float(text)` for a string, or `null` where Python raises ValueError.
 *
 * @example
 * ```ts
 * pyFloatFromString("1e3"); // => 1000
 * pyFloatFromString("-Infinity"); // => -Infinity
 * ```
 */
export function pyFloatFromString(text: string): number | null {
  const s = asciiDigits(text.replace(STRIP, ""));
  if (!FLOAT_TEXT.test(s)) return null;
  const body = s.replace(/^[+-]/, "").toLowerCase();
  const negative = s.startsWith("-");
  if (body.startsWith("inf")) return negative ? -Infinity : Infinity;
  if (body === "nan") return NaN;
  const value = Number(body.replaceAll("_", ""));
  return negative ? -value : value;
}

/**
 * Nova's `_number_from_str`: `int(value)`, else `float(value)`, else `null`.
 * Integers come back as `bigint`, floats as `number`. Booleans count as 0/1
 * and floats are truncated, exactly as Python's `int()` does.
 *
 * @example
 * ```ts
 * numberFromInstance("12"); // => 12n
 * numberFromInstance("1.5"); // => 1.5
 * numberFromInstance(1.9); // => 1n
 * numberFromInstance([]); // => null
 * ```
 */
export function numberFromInstance(value: unknown): bigint | number | null {
  if (typeof value === "boolean") return value ? 1n : 0n;
  if (typeof value === "number") {
    return Number.isFinite(value) ? BigInt(Math.trunc(value)) : null;
  }
  if (typeof value === "string") return pyIntFromString(value) ?? pyFloatFromString(value);
  return null;
}
