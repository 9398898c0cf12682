/**
 * The "printable characters" patterns behind Nova's name and description checks.
 *
 * Nova walks the Basic Multilingual Plane (U+0000..U+FFFE), keeps the code
 * points it considers printable (anything that is not in a Unicode "other"
 * category, and not a separator unless it is a space separator) and writes
 * them as a Python character-class body of `x-y` ranges. Those bodies are
 * spliced into the name / description patterns below. The pattern text is
 * kept in Python syntax because it appears verbatim in error messages
 * (`'...' does not match '^[\\ -\\~...]*$'`).
 *
 * Code points above U+FFFE are never printable here, as in Nova.
 *
 * @module
 */

const OTHER = /^\p{C}$/u;
const SEPARATOR = /^\p{Z}$/u;
const SPACE_SEPARATOR = /^\p{Zs}$/u;

/**
 * Nova's printability rule for one character: letters, marks, numbers,
 * punctuation, symbols and space separators are printable; control/format/
 * unassigned/private-use characters and line/paragraph separators are not.
 */
export function isPrintable(ch: string): boolean {
  if (OTHER.test(ch)) return false;
  return !SEPARATOR.test(ch) || SPACE_SEPARATOR.test(ch);
}

// Per-code-unit classification of the BMP, computed once:
// 0 = not printable, 1 = printable, 2 = printable space separator.
let classes: Uint8Array | null = null;

function classOf(cp: number): number {
  if (!classes) {
    classes = new Uint8Array(0x10000);
    for (let i = 0; i < 0x10000; i++) {
      const ch = String.fromCharCode(i);
      classes[i] = !isPrintable(ch) ? 0 : SPACE_SEPARATOR.test(ch) ? 2 : 1;
    }
  }
  return classes[cp];
}

// The characters Python's re.escape() backslash-escapes.
const RE_SPECIAL = new Set("()[]{}?*+-|^$\\.&~# \t\n\r\v\f");

/** Python's `re.escape()` for a single character. */
export function pyEscapeChar(ch: string): string {
  return RE_SPECIAL.has(ch) ? "\\" + ch : ch;
}

/** Options for {@link buildRegexRange}. */
export interface RegexRangeOptions {
  /** Include space separators (default `true`). */
  ws?: boolean;
  /** Select the complement instead (default `false`). */
  invert?: boolean;
  /** Characters to leave out of the selection. */
  exclude?: readonly string[];
  /** Walk code points `0 .. limit - 1` (default `0xFFFF`, as Nova does). */
  limit?: number;
}

const rangeCache = new Map<string, string>();

/**
 * Build a Python character-class body covering the selected characters,
 * following Nova's `_build_regex_range` step for step (including its quirk
 * of closing a one-character run at the very end as `x-x`).
 *
 * @example
 * ```ts
 * buildRegexRange({ ws: false, limit: 0x7f }); // => "!-\\~"
 * buildRegexRange({ ws: true, exclude: ["A"], limit: 0x7f }); // => "\\ -@B-\\~"
 * ```
 */
export function buildRegexRange(options: RegexRangeOptions = {}): string {
  const { ws = true, invert = false, exclude = [], limit = 0xffff } = options;
  const key = JSON.stringify([ws, invert, exclude, limit]);
  const cached = rangeCache.get(key);
  if (cached !== undefined) return cached;

  const excluded = new Set(exclude.map((ch) => ch.codePointAt(0)));
  const selected = (cp: number): boolean => {
    let result: boolean;
    if (excluded.has(cp)) result = false;
    else if (ws) result = classOf(cp) !== 0;
    else result = classOf(cp) === 1;
    return result !== invert;
  };
  const escaped = (cp: number): string => pyEscapeChar(String.fromCharCode(cp));

  let regex = "";
  let inRange = false;
  let last = -1;
  let lastAdded = -1;
  for (let cp = 0; cp < limit; cp++) {
    if (selected(cp)) {
      if (!inRange) {
        regex += escaped(cp);
        lastAdded = cp;
      }
      inRange = true;
    } else {
      if (inRange && last !== lastAdded) regex += "-" + escaped(last);
      inRange = false;
    }
    last = cp;
  }
  // Nova closes a run still open at the end with its final character.
  if (inRange) regex += "-" + escaped(limit - 1);

  rangeCache.set(key, regex);
  return regex;
}

/** A Python pattern plus the reason Nova reports when a value does not match it. */
export interface ValidationRegex {
  /** The pattern, in Python syntax. */
  readonly regex: string;
  /** Completes "The name must be: ...". */
  readonly reason: string;
}

const notPrintableOrSpace = buildRegexRange({ ws: false, invert: true });
const printable = buildRegexRange();
const printableNoColon = buildRegexRange({ exclude: [":"] });

/**
 * Printable characters, not starting or ending with whitespace (the empty
 * string matches, leaving emptiness to `minLength`).
 */
export const validNameRegex: ValidationRegex = Object.freeze({
  regex: `^(?![${notPrintableOrSpace}])[${printable}]*(?<![${notPrintableOrSpace}])$`,
  reason: "printable characters. Can not start or end with whitespace.",
});

/** Like {@link validNameRegex}, but `:` is not allowed (availability zone names). */
export const validAzNameRegex: ValidationRegex = Object.freeze({
  regex: `^(?![${notPrintableOrSpace}])[${printableNoColon}]*(?<![${notPrintableOrSpace}])$`,
  reason: "printable characters except :.Can not start or end with whitespace.",
});

function leadingTrailingSpaces(ws: string, noWs: string): string {
  return `^[${ws}]*[${noWs}]+[${ws}]*$|^[${ws}]*[${noWs}][${noWs}${ws}]+[${noWs}][${ws}]*$`;
}

/** Printable characters with at least one non-space character; edges may be spaces. */
export const validNameLeadingTrailingSpacesRegex: ValidationRegex = Object.freeze({
  regex: leadingTrailingSpaces(printable, buildRegexRange({ ws: false })),
  reason: "printable characters with at least one non space character",
});

/** Like {@link validNameLeadingTrailingSpacesRegex}, without `:`. */
export const validAzNameLeadingTrailingSpacesRegex: ValidationRegex = Object.freeze({
  regex: leadingTrailingSpaces(
    printableNoColon,
    buildRegexRange({ ws: false, exclude: [":"] }),
  ),
  reason: "printable characters except :, with at least one non space character",
});

/** The description pattern: any number of printable characters (Python syntax). */
export const validDescriptionRegex: string = `^[${printable}]*$`;
