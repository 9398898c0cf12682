/**
 * A deliberately small YAML reader for policy override files.
 *
 * Policy files are one flat mapping from rule name to check string, so only that subset of YAML
 * is read: `key: value` lines at column zero with plain, single-quoted or double-quoted keys and
 * values, `#` comments, blank lines, an optional leading `---` and trailing `...`, and a document
 * that is just `{}`. Anything else (indentation, sequences, block scalars, flow collections,
 * anchors, tags, multi-line scalars) is rejected with a {@link PolicyYamlError} naming the line,
 * rather than being guessed at.
 *
 * As in PyYAML, a key given twice keeps its last value, and an empty or `null`/`~` value is a null
 * rule, which oslo.policy treats as "always allowed" (returned here as the empty string). Plain
 * values that YAML would read as booleans or numbers are refused, since they are not check strings.
 *
 * @module
 */

/** A policy YAML document this reader cannot accept; `line` is 1-based. */
export class PolicyYamlError extends Error {
  /** 1-based line number the problem was found on. */
  readonly line: number;

  /** Describe the problem found on `line` (1-based). */
  constructor(line: number, reason: string) {
    super(`policy YAML, line ${line}: ${reason}`);
    this.name = "PolicyYamlError";
    this.line = line;
  }
}

const NULL_WORDS = new Set(["", "~", "null", "Null", "NULL"]);
const BOOL_WORDS = new Set(
  ["yes", "no", "true", "false", "on", "off"].flatMap((w) => [
    w,
    w[0].toUpperCase() + w.slice(1),
    w.toUpperCase(),
  ]),
);
const NUMBER_RE =
  /^[-+]?(?:0b[01_]+|0x[0-9a-fA-F_]+|0o?[0-7_]+|[1-9][0-9_]*|0|(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+][0-9]+)?|\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
/** Characters that cannot begin a plain scalar (YAML indicators). */
const RESERVED_START = new Set([
  "[",
  "]",
  "{",
  "}",
  ",",
  "&",
  "*",
  "!",
  "|",
  ">",
  "%",
  "@",
  "`",
  "#",
]);
const DOUBLE_ESCAPES: Record<string, string> = {
  "0": "\0",
  a: "\x07",
  b: "\b",
  t: "\t",
  "\t": "\t",
  n: "\n",
  v: "\v",
  f: "\f",
  r: "\r",
  e: "\x1b",
  " ": " ",
  '"': '"',
  "/": "/",
  "\\": "\\",
  N: "\u0085",
  _: "\u00a0",
  L: "\u2028",
  P: "\u2029",
};
const HEX_ESCAPES: Record<string, number> = { x: 2, u: 4, U: 8 };

/** Cursor over a single line. */
interface LineCursor {
  readonly text: string;
  readonly no: number;
  pos: number;
}

/**
 * Read a flat YAML mapping of policy rules.
 *
 * @example
 * ```ts
 * const rules = parsePolicyYaml('# override\n"os_compute_api:limits": "role:reader"\n');
 * rules.get("os_compute_api:limits"); // "role:reader"
 * ```
 */
export function parsePolicyYaml(text: string): Map<string, string> {
  const result = new Map<string, string>();
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  let sawEntry = false;
  let sawStart = false;
  let ended = false;
  let sawEmptyFlow = false;

  for (let i = 0; i < lines.length; i++) {
    const no = i + 1;
    const raw = lines[i];
    const trimmed = raw.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    if (ended) throw new PolicyYamlError(no, "content after the end-of-document marker '...'");
    if (/^---(?:\s|$)/.test(raw)) {
      if (sawEntry || sawStart || sawEmptyFlow) {
        throw new PolicyYamlError(no, "only one YAML document is supported");
      }
      if (stripComment(raw.slice(3)) !== "") {
        throw new PolicyYamlError(no, "content after '---' is not supported");
      }
      sawStart = true;
      continue;
    }
    if (/^\.\.\.(?:\s|$)/.test(raw)) {
      ended = true;
      continue;
    }
    if (/^[ \t]/.test(raw)) {
      throw new PolicyYamlError(
        no,
        "indented content is not supported; policy files must be a flat mapping of " +
          '"rule name": "check string" lines',
      );
    }
    if (/^\{\s*\}\s*(?:#.*)?$/.test(raw)) {
      if (sawEntry || sawEmptyFlow) throw new PolicyYamlError(no, "unexpected '{}'");
      sawEmptyFlow = true;
      continue;
    }
    if (sawEmptyFlow) throw new PolicyYamlError(no, "content after '{}'");
    const cursor: LineCursor = { text: raw, no, pos: 0 };
    const key = readKey(cursor);
    const value = readValue(cursor);
    const next = lines[i + 1];
    if (next !== undefined && /^[ \t]+\S/.test(next) && !/^[ \t]+#/.test(next)) {
      throw new PolicyYamlError(
        no + 1,
        "indented continuation lines (multi-line values or nested mappings) are not supported",
      );
    }
    result.set(key, value);
    sawEntry = true;
  }
  return result;
}

/** Drop a trailing ` # comment` and surrounding blanks from the rest of a line. */
function stripComment(rest: string): string {
  const trimmed = rest.trim();
  if (trimmed.startsWith("#")) return "";
  const hash = rest.search(/[ \t]#/);
  return (hash < 0 ? rest : rest.slice(0, hash)).trim();
}

function readKey(c: LineCursor): string {
  const first = c.text[0];
  let key: string;
  if (first === '"' || first === "'") {
    key = readQuoted(c);
    skipBlanks(c);
    if (c.text[c.pos] !== ":") {
      throw new PolicyYamlError(c.no, "expected ':' after the quoted key");
    }
    c.pos++;
  } else {
    if (first === "-" && /^-(?:\s|$)/.test(c.text)) {
      throw new PolicyYamlError(c.no, "sequences are not supported; expected a mapping entry");
    }
    if (first === "?" || RESERVED_START.has(first)) {
      throw new PolicyYamlError(c.no, `a key may not start with '${first}' unless it is quoted`);
    }
    const sep = c.text.search(/:(?:[ \t]|$)/);
    if (sep < 0) throw new PolicyYamlError(c.no, "expected a 'key: value' mapping entry");
    key = c.text.slice(0, sep).trimEnd();
    if (/[ \t]#/.test(key)) throw new PolicyYamlError(c.no, "expected a 'key: value' entry");
    c.pos = sep + 1;
  }
  if (key === "") throw new PolicyYamlError(c.no, "empty rule name");
  if (c.pos < c.text.length && !/[ \t]/.test(c.text[c.pos])) {
    throw new PolicyYamlError(c.no, "expected a space after ':'");
  }
  return key;
}

function readValue(c: LineCursor): string {
  skipBlanks(c);
  const first = c.text[c.pos];
  if (first === '"' || first === "'") {
    const value = readQuoted(c);
    if (stripComment(c.text.slice(c.pos)) !== "") {
      throw new PolicyYamlError(c.no, "unexpected text after the quoted value");
    }
    return value;
  }
  const plain = stripComment(c.text.slice(c.pos));
  if (NULL_WORDS.has(plain)) return "";
  const start = plain[0];
  if (RESERVED_START.has(start) || start === "?" && /^\?(?:\s|$)/.test(plain)) {
    throw new PolicyYamlError(
      c.no,
      `a value starting with '${start}' must be quoted (for example "${start}")`,
    );
  }
  if (start === "-" && /^-(?:\s|$)/.test(plain)) {
    throw new PolicyYamlError(c.no, "sequences are not supported as rule values");
  }
  if (/:[ \t]/.test(plain) || plain.endsWith(":")) {
    throw new PolicyYamlError(c.no, "a plain value may not contain ': '; quote it");
  }
  if (BOOL_WORDS.has(plain) || NUMBER_RE.test(plain)) {
    throw new PolicyYamlError(
      c.no,
      `${JSON.stringify(plain)} is read by YAML as a boolean or number, not a check string; ` +
        "quote it",
    );
  }
  return plain;
}

function skipBlanks(c: LineCursor): void {
  while (c.text[c.pos] === " " || c.text[c.pos] === "\t") c.pos++;
}

/** Read a single- or double-quoted scalar that must close on the same line. */
function readQuoted(c: LineCursor): string {
  const quote = c.text[c.pos];
  let out = "";
  let i = c.pos + 1;
  while (i < c.text.length) {
    const ch = c.text[i];
    if (quote === "'") {
      if (ch === "'") {
        if (c.text[i + 1] === "'") {
          out += "'";
          i += 2;
          continue;
        }
        c.pos = i + 1;
        return out;
      }
      out += ch;
      i++;
      continue;
    }
    if (ch === '"') {
      c.pos = i + 1;
      return out;
    }
    if (ch !== "\\") {
      out += ch;
      i++;
      continue;
    }
    const esc = c.text[i + 1];
    if (esc === undefined) break;
    if (esc in HEX_ESCAPES) {
      const width = HEX_ESCAPES[esc];
      const hex = c.text.slice(i + 2, i + 2 + width);
      if (hex.length !== width || !/^[0-9a-fA-F]+$/.test(hex)) {
        throw new PolicyYamlError(c.no, `bad \\${esc} escape in a double-quoted string`);
      }
      out += String.fromCodePoint(parseInt(hex, 16));
      i += 2 + width;
      continue;
    }
    const mapped = DOUBLE_ESCAPES[esc];
    if (mapped === undefined) {
      throw new PolicyYamlError(c.no, `unknown escape '\\${esc}' in a double-quoted string`);
    }
    out += mapped;
    i += 2;
  }
  throw new PolicyYamlError(
    c.no,
    "unterminated quoted string (multi-line quoted strings are not supported)",
  );
}
