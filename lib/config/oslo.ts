/**
 * The INI dialect oslo.config reads: `[section]` headers, `key = value` or `key: value`
 * assignments, indented continuation lines and `#`/`;` comment lines. Nova hands `api-paste.ini`
 * to this parser too, so paste keys such as `/v2.1/+: x` must parse as well.
 *
 * @module
 */

import { ConfigError } from "./errors.ts";

/** Every value one file gives a key within one section. */
export interface OsloEntry {
  /** The values in file order; a repeated key adds one value per assignment. */
  values: string[];
  /** The line of each value in `values`. */
  lines: number[];
  /** The line of the last assignment (the one a single-valued option takes). */
  line: number;
}

/** A parsed configuration file. */
export interface OsloFile {
  /** The path the text was read from (used in error messages). */
  path: string;
  /** Sections by name as written (no case folding), each holding its keys as written. */
  sections: Map<string, Map<string, OsloEntry>>;
}

/** A key being collected, possibly over several continuation lines. */
interface Pending {
  key: string;
  parts: string[];
  line: number;
  text: string;
}

/** Trailing and leading whitespace, as Python's `rstrip()` and `lstrip()` remove it. */
const TRAILING_SPACE = /\s+$/;
const LEADING_SPACE = /^\s+/;

/**
 * Splits an assignment at the first `:` or `=`, whichever comes first, strips both sides and
 * removes one pair of matching quotes around the value, as oslo.config does.
 */
function splitAssignment(text: string): [string, string] | undefined {
  const colon = text.indexOf(":");
  const equal = text.indexOf("=");
  if (colon < 0 && equal < 0) return undefined;
  const at = colon < 0 || (equal >= 0 && equal < colon) ? equal : colon;
  const key = text.slice(0, at).trim();
  let value = text.slice(at + 1).trim();
  if (value !== "" && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0]) {
    value = value.slice(1, -1);
  }
  return [key, value];
}

/**
 * Parses the text of an oslo.config file.
 *
 * Throws a {@link ConfigError} naming `path` and the line for: an assignment before any section,
 * a line that is neither a header, an assignment nor a comment, an empty key, a malformed section
 * header and a continuation line with no key to continue.
 *
 * @example
 * ```ts
 * const file = parseOslo("[DEFAULT]\ndebug = true\n", "/etc/nova/nova.conf");
 * file.sections.get("DEFAULT")?.get("debug")?.values; // ["true"]
 * ```
 */
export function parseOslo(text: string, path: string): OsloFile {
  const sections = new Map<string, Map<string, OsloEntry>>();
  let current: Map<string, OsloEntry> | undefined;
  let pending: Pending | undefined;

  const flush = () => {
    if (!pending) return;
    const { key, parts, line, text: source } = pending;
    pending = undefined;
    if (!current) {
      throw ConfigError.syntax(
        path,
        line,
        `assignment before any [section] header: ${JSON.stringify(source)}`,
      );
    }
    const entry = current.get(key);
    const value = parts.join("\n");
    if (entry) {
      entry.values.push(value);
      entry.lines.push(line);
      entry.line = line;
    } else {
      current.set(key, { values: [value], lines: [line], line });
    }
  };

  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const lineNo = index + 1;
    const line = lines[index].replace(TRAILING_SPACE, "");
    if (line === "") {
      flush();
      continue;
    }
    if (line[0] === " " || line[0] === "\t") {
      if (!pending) {
        throw ConfigError.syntax(
          path,
          lineNo,
          `continuation line with no key to continue: ${JSON.stringify(line)}`,
        );
      }
      pending.parts.push(line.replace(LEADING_SPACE, ""));
      continue;
    }
    flush();
    if (line[0] === "[") {
      if (!line.endsWith("]")) {
        throw ConfigError.syntax(
          path,
          lineNo,
          `section header must end with "]": ${JSON.stringify(line)}`,
        );
      }
      if (line.length <= 2) {
        throw ConfigError.syntax(path, lineNo, `empty section name: ${JSON.stringify(line)}`);
      }
      const name = line.slice(1, -1);
      current = sections.get(name);
      if (!current) {
        current = new Map();
        sections.set(name, current);
      }
    } else if (line[0] === "#" || line[0] === ";") {
      continue;
    } else {
      const split = splitAssignment(line);
      if (!split) {
        throw ConfigError.syntax(
          path,
          lineNo,
          `expected "key = value", "key: value", a [section] header or a comment, got ${
            JSON.stringify(line)
          }`,
        );
      }
      const [key, value] = split;
      if (key === "") {
        throw ConfigError.syntax(path, lineNo, `empty key in ${JSON.stringify(line)}`);
      }
      pending = { key, parts: [value], line: lineNo, text: line };
    }
  }
  flush();
  return { path, sections };
}
