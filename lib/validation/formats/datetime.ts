/**
 * The `date-time` format: whatever oslo.utils' `parse_isotime` (the `iso8601`
 * package) accepts.
 *
 * That parser is lenient: a bare year (`2014`), a date without time, a time
 * without seconds or timezone, basic format (`20140114T0100`) and `,` as the
 * fraction separator are all fine. The pieces must still form a real
 * date and time: month 1-12, a day that exists in that month, hour < 24,
 * minute < 60, second < 60, and a UTC offset under 24 hours.
 *
 * @module
 */

// year, then optionally month, then optionally day, then optionally a time.
// The final `\n?$` mirrors Python's `$`, which also matches before a final newline.
const ISO8601 = new RegExp(
  "^(?<year>[0-9]{4})" +
    "(?:" +
    "(?:-(?<monthdash>[0-9]{1,2})|(?<month>[0-9]{2})(?!\\n?$))" +
    "(?:" +
    "(?:-(?<daydash>[0-9]{1,2})|(?<day>[0-9]{2}))" +
    "(?:" +
    "[ T](?<hour>[0-9]{2})" +
    "(?::?(?<minute>[0-9]{2}))?" +
    "(?::?(?<second>[0-9]{1,2})(?:[.,](?<fraction>[0-9]+))?)?" +
    "(?<timezone>Z|(?<tzsign>[-+])(?<tzhour>[0-9]{2}):?(?<tzminute>[0-9]{2})?)?" +
    ")?" +
    ")?" +
    ")?" +
    "\\n?$",
);

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Whether a string parses as an ISO 8601 date/time the way Nova checks it.
 *
 * @example
 * ```ts
 * isIsoDateTime("2014-01-14T01:00:00Z"); // => true
 * isIsoDateTime("2014-13-14T01:00:00Z"); // => false (month 13)
 * isIsoDateTime("1"); // => false
 * ```
 */
export function isIsoDateTime(value: string): boolean {
  const m = ISO8601.exec(value);
  if (!m) return false;
  const g = m.groups!;
  const num = (text: string | undefined, fallback: number) =>
    text === undefined ? fallback : Number(text);
  const year = num(g.year, 0);
  const month = num(g.month ?? g.monthdash, 1);
  const day = num(g.day ?? g.daydash, 1);
  if (year < 1 || month < 1 || month > 12) return false;
  if (day < 1 || day > daysInMonth(year, month)) return false;
  if (num(g.hour, 0) > 23 || num(g.minute, 0) > 59 || num(g.second, 0) > 59) return false;
  if (g.tzsign !== undefined) {
    const offset = num(g.tzhour, 0) * 60 + num(g.tzminute, 0);
    if (offset >= 24 * 60) return false;
  }
  return true;
}
