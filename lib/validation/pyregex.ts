/**
 * Python regular expressions, run on JavaScript's engine.
 *
 * Nova's schemas carry Python `re` patterns and jsonschema applies them with
 * `re.search` (unanchored). This module rewrites a Python pattern into an
 * equivalent JavaScript one (with the `u` flag) so the same pattern text
 * behaves the same way:
 *
 * - `$` matches at the end *or before a final newline*; `\Z` / `\A` are the
 *   strict string ends;
 * - `.` excludes only `\n`; `\d`, `\w`, `\s`, `\b` are Unicode-aware;
 * - `(?P<name>...)`, `(?P=name)`, `(?#...)`, octal escapes, leading global flags
 *   (`(?i)`, `(?s)`, `(?m)`, `(?a)`, `(?x)`, `(?u)`);
 * - identity escapes such as `\@` or `\ ` (from `re.escape`) and lone `{`, `}`,
 *   `]` that Python reads literally.
 *
 * Constructs with no JavaScript counterpart (`(?(1)...)`, atomic groups,
 * possessive quantifiers, `\N{...}`) raise {@link PythonRegexError}.
 *
 * @module
 */

/** Raised when a pattern is not valid Python, or uses a construct this port does not handle. */
export class PythonRegexError extends Error {
  /** Create the error with a description of what is wrong and where. */
  constructor(message: string) {
    super(message);
    this.name = "PythonRegexError";
  }
}

interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
  a: boolean;
  x: boolean;
}

const WORD_U = "\\p{L}\\p{N}_";
const WORD_A = "A-Za-z0-9_";
const SPACE_U =
  "\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const SPACE_A = "\\t-\\r ";
const HEX = /^[0-9a-fA-F]+$/;
const OCTAL = /^[0-7]$/;

function codePointEscape(cp: number): string {
  return `\\u{${cp.toString(16)}}`;
}

/** A literal character, escaped when it is a control character or a lone surrogate. */
function literal(ch: string): string {
  const cp = ch.codePointAt(0)!;
  if (cp < 0x20 || cp === 0x7f || (cp >= 0xd800 && cp <= 0xdfff)) return codePointEscape(cp);
  return ch;
}

class Translator {
  readonly #chars: string[];
  #pos = 0;
  readonly flags: Flags = { i: false, m: false, s: false, a: false, x: false };

  constructor(source: string) {
    this.#chars = Array.from(source);
  }

  #peek(offset = 0): string | undefined {
    return this.#chars[this.#pos + offset];
  }

  #rest(): string {
    return this.#chars.slice(this.#pos).join("");
  }

  #fail(what: string): never {
    throw new PythonRegexError(`${what} at position ${this.#pos}`);
  }

  translate(): string {
    this.#leadingFlags();
    let out = "";
    while (this.#pos < this.#chars.length) {
      const c = this.#chars[this.#pos];
      if (this.flags.x && /\s/u.test(c)) {
        this.#pos++;
        continue;
      }
      if (this.flags.x && c === "#") {
        while (this.#pos < this.#chars.length && this.#chars[this.#pos] !== "\n") this.#pos++;
        continue;
      }
      switch (c) {
        case "\\":
          out += this.#escape();
          break;
        case "[":
          out += this.#characterClass();
          break;
        case "(":
          out += this.#group();
          break;
        case "{":
          out += this.#brace();
          break;
        case ".":
          this.#pos++;
          out += this.flags.s ? "[\\s\\S]" : "[^\\n]";
          break;
        case "^":
          this.#pos++;
          out += this.flags.m ? "(?<![^\\n])" : "^";
          break;
        case "$":
          this.#pos++;
          out += this.flags.m ? "(?![^\\n])" : "(?=\\n?$)";
          break;
        case "}":
        case "]":
          this.#pos++;
          out += "\\" + c;
          break;
        case "*":
        case "+":
        case "?":
          this.#pos++;
          out += c;
          if (this.#peek() === "+") this.#fail("possessive quantifier is not supported");
          break;
        default:
          this.#pos++;
          out += c === "|" || c === ")" ? c : literal(c);
      }
    }
    return out;
  }

  #leadingFlags(): void {
    while (true) {
      const m = /^\(\?([aiLmsux]+)\)/.exec(this.#rest());
      if (!m) return;
      for (const f of m[1]) {
        if (f === "L") this.#fail("(?L) is not allowed with str patterns");
        if (f in this.flags) this.flags[f as keyof Flags] = true;
      }
      this.#pos += m[0].length;
    }
  }

  #word(): string {
    return this.flags.a ? WORD_A : WORD_U;
  }

  #boundary(negate: boolean): string {
    const w = `[${this.#word()}]`;
    return negate
      ? `(?:(?<=${w})(?=${w})|(?<!${w})(?!${w}))`
      : `(?:(?<=${w})(?!${w})|(?<!${w})(?=${w}))`;
  }

  /** Numeric escapes shared by both contexts: hex, unicode, octal starting with 0. */
  #numericEscape(d: string): string | null {
    const take = (n: number): string => {
      const digits = this.#chars.slice(this.#pos, this.#pos + n).join("");
      if (digits.length !== n || !HEX.test(digits)) this.#fail(`bad escape \\${d}`);
      this.#pos += n;
      const cp = parseInt(digits, 16);
      if (cp > 0x10ffff) this.#fail(`bad escape \\${d}${digits}`);
      return codePointEscape(cp);
    };
    if (d === "x") return take(2);
    if (d === "u") return take(4);
    if (d === "U") return take(8);
    if (d === "0") {
      let digits = "0";
      while (digits.length < 3 && OCTAL.test(this.#peek() ?? "")) {
        digits += this.#chars[this.#pos++];
      }
      return codePointEscape(parseInt(digits, 8));
    }
    return null;
  }

  #simpleEscape(d: string): string | null {
    switch (d) {
      case "n":
      case "t":
      case "r":
      case "f":
      case "v":
        return "\\" + d;
      case "a":
        return "\\x07";
    }
    return null;
  }

  #escape(): string {
    this.#pos++; // the backslash
    const d = this.#chars[this.#pos++];
    if (d === undefined) this.#fail("bad escape (end of pattern)");
    const simple = this.#simpleEscape(d) ?? this.#numericEscape(d);
    if (simple !== null) return simple;
    switch (d) {
      case "A":
        return "^";
      case "Z":
        return "$";
      case "b":
        return this.flags.a ? "\\b" : this.#boundary(false);
      case "B":
        return this.flags.a ? "\\B" : this.#boundary(true);
      case "d":
        return this.flags.a ? "[0-9]" : "\\p{Nd}";
      case "D":
        return this.flags.a ? "[^0-9]" : "\\P{Nd}";
      case "w":
        return `[${this.#word()}]`;
      case "W":
        return `[^${this.#word()}]`;
      case "s":
        return `[${this.flags.a ? SPACE_A : SPACE_U}]`;
      case "S":
        return `[^${this.flags.a ? SPACE_A : SPACE_U}]`;
    }
    if (/[1-9]/.test(d)) {
      const next = this.#peek() ?? "";
      const third = this.#peek(1) ?? "";
      if (OCTAL.test(d) && OCTAL.test(next) && OCTAL.test(third)) {
        this.#pos += 2;
        const value = parseInt(d + next + third, 8);
        if (value > 0o377) this.#fail("octal escape value outside of range 0-0o377");
        return codePointEscape(value);
      }
      let group = d;
      if (/[0-9]/.test(next)) {
        group += next;
        this.#pos++;
      }
      return `(?:\\${group})`;
    }
    if (/[A-Za-z0-9]/.test(d)) this.#fail(`bad escape \\${d}`);
    return codePointEscape(d.codePointAt(0)!);
  }

  #classEscape(): string {
    this.#pos++; // the backslash
    const d = this.#chars[this.#pos++];
    if (d === undefined) this.#fail("bad escape (end of pattern)");
    const simple = this.#simpleEscape(d) ?? this.#numericEscape(d);
    if (simple !== null) return simple;
    switch (d) {
      case "b":
        return "\\x08";
      case "d":
        return this.flags.a ? "0-9" : "\\p{Nd}";
      case "D":
        if (this.flags.a) this.#fail("\\D inside a set with (?a) is not supported");
        return "\\P{Nd}";
      case "w":
        return this.#word();
      case "s":
        return this.flags.a ? SPACE_A : SPACE_U;
      case "W":
      case "S":
        this.#fail(`\\${d} inside a set is not supported`);
    }
    if (OCTAL.test(d)) {
      let digits = d;
      while (digits.length < 3 && OCTAL.test(this.#peek() ?? "")) {
        digits += this.#chars[this.#pos++];
      }
      const value = parseInt(digits, 8);
      if (value > 0o377) this.#fail("octal escape value outside of range 0-0o377");
      return codePointEscape(value);
    }
    if (/[A-Za-z0-9]/.test(d)) this.#fail(`bad escape \\${d}`);
    return codePointEscape(d.codePointAt(0)!);
  }

  #characterClass(): string {
    this.#pos++; // the opening bracket
    let out = "[";
    if (this.#peek() === "^") {
      out += "^";
      this.#pos++;
    }
    if (this.#peek() === "]") {
      out += "\\]";
      this.#pos++;
    }
    while (true) {
      const c = this.#peek();
      if (c === undefined) this.#fail("unterminated character set");
      if (c === "]") {
        this.#pos++;
        return out + "]";
      }
      if (c === "\\") {
        out += this.#classEscape();
        continue;
      }
      this.#pos++;
      out += c === "[" ? "\\[" : literal(c);
    }
  }

  #group(): string {
    const rest = this.#rest();
    if (!rest.startsWith("(?")) {
      this.#pos++;
      return "(";
    }
    let m: RegExpExecArray | null;
    if ((m = /^\(\?P<([^>]*)>/.exec(rest))) {
      this.#pos += Array.from(m[0]).length;
      return `(?<${m[1]}>`;
    }
    if ((m = /^\(\?P=([^)]*)\)/.exec(rest))) {
      this.#pos += Array.from(m[0]).length;
      return `\\k<${m[1]}>`;
    }
    if ((m = /^\(\?#[^)]*\)/.exec(rest))) {
      this.#pos += Array.from(m[0]).length;
      return "";
    }
    for (const opener of ["(?:", "(?=", "(?!", "(?<=", "(?<!"]) {
      if (rest.startsWith(opener)) {
        this.#pos += opener.length;
        return opener;
      }
    }
    if ((m = /^\(\?(i?)(?:-(i))?:/.exec(rest)) && (m[1] || m[2])) {
      this.#pos += m[0].length;
      return m[0];
    }
    return this.#fail("unsupported group construct");
  }

  #brace(): string {
    const m = /^\{([0-9]*)(,([0-9]*))?\}/.exec(this.#rest());
    if (!m || (m[1] === "" && m[2] === undefined)) {
      this.#pos++;
      return "\\{";
    }
    this.#pos += m[0].length;
    const lo = m[1] === "" ? "0" : m[1];
    if (m[2] === undefined) return `{${lo}}`;
    if (m[3] !== "" && Number(m[3]) < Number(lo)) this.#fail("min repeat greater than max repeat");
    return `{${lo},${m[3]}}`;
  }
}

/**
 * Rewrite a Python pattern as JavaScript RegExp source plus flags.
 *
 * @example
 * ```ts
 * translatePythonRegex("^[0-9]+$"); // => { source: "^[0-9]+(?=\\n?$)", flags: "u" }
 * ```
 */
export function translatePythonRegex(pattern: string): { source: string; flags: string } {
  const translator = new Translator(pattern);
  const source = translator.translate();
  return { source, flags: translator.flags.i ? "iu" : "u" };
}

const searchCache = new Map<string, RegExp>();
const matchCache = new Map<string, RegExp>();

/**
 * Compile a Python pattern (cached). `"search"` finds a match anywhere, like
 * `re.search`; `"match"` only at the start, like `re.match`.
 *
 * @throws {PythonRegexError} when the pattern is invalid or unsupported.
 */
export function compilePythonRegex(pattern: string, mode: "search" | "match" = "search"): RegExp {
  const cache = mode === "search" ? searchCache : matchCache;
  let regex = cache.get(pattern);
  if (regex) return regex;
  const { source, flags } = translatePythonRegex(pattern);
  try {
    regex = mode === "search"
      ? new RegExp(source, flags)
      : new RegExp(`(?:${source})`, flags + "y");
  } catch (error) {
    throw new PythonRegexError(`invalid pattern ${JSON.stringify(pattern)}: ${error}`);
  }
  cache.set(pattern, regex);
  return regex;
}

/**
 * Python's `bool(re.search(pattern, text))`.
 *
 * @example
 * ```ts
 * pySearch("^[0-9]+$", "12\n"); // => true (Python's `$` allows a final newline)
 * pySearch("^[0-9]+\\Z", "12\n"); // => false
 * ```
 */
export function pySearch(pattern: string, text: string): boolean {
  return compilePythonRegex(pattern, "search").test(text);
}

/**
 * Python's `bool(re.match(pattern, text))`: a match that starts at position 0.
 *
 * @example
 * ```ts
 * pyMatch("^_", "_foo"); // => true
 * pyMatch("b", "abc"); // => false
 * ```
 */
export function pyMatch(pattern: string, text: string): boolean {
  const regex = compilePythonRegex(pattern, "match");
  regex.lastIndex = 0;
  return regex.test(text);
}

/**
 * Whether `re.compile(pattern)` would accept the pattern (as far as this port
 * can tell; constructs it cannot translate count as invalid).
 */
export function isValidPythonRegex(pattern: string): boolean {
  // Not cached: the patterns checked here come from requests.
  try {
    const { source, flags } = translatePythonRegex(pattern);
    new RegExp(source, flags);
    return true;
  } catch {
    return false;
  }
}

/**
 * Python's `re.match(pattern, text).groupdict()`: the named groups of a
 * match at position 0 (absent groups are `undefined`), or `null` when there
 * is no match.
 *
 * @example
 * ```ts
 * pyMatchGroups("(?P<user>[a-z]+)@", "bob@host"); // => { user: "bob" }
 * ```
 */
export function pyMatchGroups(
  pattern: string,
  text: string,
): Record<string, string | undefined> | null {
  const regex = compilePythonRegex(pattern, "match");
  regex.lastIndex = 0;
  const m = regex.exec(text);
  return m ? { ...m.groups } : null;
}
