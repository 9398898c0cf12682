/**
 * Python's `datetime.strptime` for the numeric directives Nova's APIs parse times with (`%Y`, `%m`,
 * `%d`, `%H`, `%M`, `%S`, `%f`): the same per-directive patterns as CPython's `_strptime` (any
 * Unicode decimal digit, case-insensitive literals, a format space matching any run of
 * whitespace), the whole text consumed, and `datetime`'s range checks (day within its month, no
 * leap second, year from 1).
 *
 * @module
 */
import { pyIntFromString } from "./pynumber.ts";

const D = "\\p{Nd}";
// Python's str.isspace() set, which `\s` in a str pattern matches.
const PY_SPACE =
  "\\t\\n\\v\\f\\r\\x1c\\x1d\\x1e\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";

const DIRECTIVES: Record<string, [string, string]> = {
  Y: ["Y", `${D}${D}${D}${D}`],
  m: ["m", `1[0-2]|0[1-9]|[1-9]`],
  d: ["d", `3[01]|[12]${D}|0[1-9]|[1-9]| [1-9]`],
  H: ["H", `2[0-3]|[0-1]${D}|${D}`],
  M: ["M", `[0-5]${D}|${D}`],
  S: ["S", `6[0-1]|[0-5]${D}|${D}`],
  f: ["f", `[0-9]{1,6}`],
};

const compiled = new Map<string, RegExp>();

function compile(format: string): RegExp {
  let source = "";
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    if (ch === "%") {
      const d = DIRECTIVES[format[++i]];
      if (!d) throw new RangeError(`unsupported directive %${format[i]}`);
      source += `(?<${d[0]}>${d[1]})`;
    } else if (/\s/.test(ch)) {
      while (i + 1 < format.length && /\s/.test(format[i + 1])) i++;
      source += `[${PY_SPACE}]+`;
    } else {
      source += ch.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    }
  }
  return new RegExp(`^(?:${source})`, "iu");
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : MONTH_DAYS[month - 1];
}

/**
 * `datetime.strptime(text, format)` as microseconds since the epoch (a naive time read as UTC),
 * or null where Python raises ValueError.
 *
 * @example
 * ```ts
 * pyStrptime("2012-10-08T20:10:44.587336", "%Y-%m-%dT%H:%M:%S.%f"); // 1349727044587336
 * pyStrptime("2012-02-30T00:00:00", "%Y-%m-%dT%H:%M:%S"); // null
 * ```
 */
export function pyStrptime(text: string, format: string): number | null {
  let re = compiled.get(format);
  if (!re) compiled.set(format, re = compile(format));
  const m = re.exec(text);
  // Python matches from the start, then refuses "unconverted data remains".
  if (!m || m[0].length !== text.length) return null;
  const g = m.groups ?? {};
  const num = (name: string, dflt: number) =>
    g[name] === undefined ? dflt : Number(pyIntFromString(g[name].trim()));
  const year = num("Y", 1900);
  const month = num("m", 1);
  const day = num("d", 1);
  const hour = num("H", 0);
  const minute = num("M", 0);
  const second = num("S", 0);
  const micro = g.f === undefined ? 0 : Number(g.f.padEnd(6, "0"));
  if (year < 1 || day > daysIn(year, month) || second > 59) return null;
  const at = new Date(0);
  at.setUTCFullYear(year, month - 1, day);
  at.setUTCHours(hour, minute, second, 0);
  return at.getTime() * 1000 + micro;
}

/**
 * A time in microseconds since the epoch as Python's `str()` of a naive datetime writes it:
 * `2012-06-01 00:00:00`, with `.ffffff` only when there are microseconds (`sep` "T" gives
 * `isoformat()`).
 *
 * @example
 * ```ts
 * pyDatetimeStr(1338508800000000); // "2012-06-01 00:00:00"
 * ```
 */
export function pyDatetimeStr(micros: number, sep = " "): string {
  const fraction = ((micros % 1_000_000) + 1_000_000) % 1_000_000;
  const d = new Date((micros - fraction) / 1000);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  const base = `${p(d.getUTCFullYear(), 4)}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}` +
    `${sep}${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
  return fraction ? `${base}.${p(fraction, 6)}` : base;
}
