/**
 * Reads a paste ini file the way PasteDeploy's parser (Python's `ConfigParser`, strict mode, keys
 * kept as written) does: `[section]` headers, `key = value` or `key: value` split at the first `=`
 * or `:`, indented continuation lines, whole-line `#` / `;` comments, and a `[DEFAULT]` section.
 * Values are kept raw; `%(name)s` expansion happens when a value is read (see interpolate.ts).
 *
 * @module
 */
import { PasteError } from "./error.ts";

/** The name of the section whose keys every other section inherits. */
export const DEFAULT_SECTION = "DEFAULT";

/** One `key = value` entry, value still uninterpolated. */
export interface IniOption {
  /** The key exactly as written (case kept; `/v2.1/+` and `set foo` are keys too). */
  key: string;
  /** The value with surrounding blanks removed; continuation lines joined with `\n`. */
  value: string;
  /** 1-based line of the key. */
  line: number;
}

/** One `[name]` section with its entries in file order. */
export interface IniSection {
  /** The text between the brackets, unchanged (`composite:osapi_compute`). */
  name: string;
  /** 1-based line of the header (0 for a `[DEFAULT]` the file never declares). */
  line: number;
  /** Entries by key, in file order. */
  options: Map<string, IniOption>;
}

/** A parsed paste file. */
export interface IniDocument {
  /** The path the text came from, used in error messages. */
  file: string;
  /** The `[DEFAULT]` entries (every `[DEFAULT]` block of the file merged). */
  defaults: IniSection;
  /** Every other section, in file order. */
  sections: Map<string, IniSection>;
}

const SECTION_HEADER = /^\[(.+)\]/;
const OPTION_LINE = /^(.*?)\s*([=:])\s*(.*)$/;

/**
 * Parse paste ini text. Throws a {@link PasteError} naming the file and line for text before the
 * first section, a line that is neither header nor entry, an empty key, or a section or key that
 * appears twice.
 *
 * @example
 * ```ts
 * const doc = parseIni("[app:hello]\npaste.app_factory = demo:hello\n", "demo.ini");
 * doc.sections.get("app:hello")?.options.get("paste.app_factory")?.value; // "demo:hello"
 * ```
 */
export function parseIni(text: string, file: string): IniDocument {
  const defaults: IniSection = { name: DEFAULT_SECTION, line: 0, options: new Map() };
  const sections = new Map<string, IniSection>();
  const pieces = new Map<IniOption, string[]>();

  let section: IniSection | undefined;
  let option: IniOption | undefined;
  let indentLevel = 0;

  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    const isComment = trimmed.startsWith("#") || trimmed.startsWith(";");
    if (isComment || trimmed === "") {
      // A blank line may sit inside a multi-line value; a comment line never adds to it.
      if (!isComment && option) pieces.get(option)?.push("");
      return;
    }
    const indent = raw.search(/\S/);
    if (option && indent > indentLevel) {
      pieces.get(option)?.push(trimmed);
      return;
    }
    indentLevel = indent;

    const header = SECTION_HEADER.exec(trimmed);
    if (header) {
      section = openSection(header[1], line);
      option = undefined;
      return;
    }
    if (!section) {
      throw new PasteError(
        { file, line },
        `expected a [section] header before ${JSON.stringify(trimmed)}`,
      );
    }
    const entry = OPTION_LINE.exec(trimmed);
    if (!entry) {
      throw new PasteError(
        { file, line, section: section.name },
        `expected "key = value", "key: value" or "[section]", found ${JSON.stringify(trimmed)}`,
      );
    }
    const key = entry[1];
    if (key === "") {
      throw new PasteError(
        { file, line, section: section.name },
        `entry without a key: ${JSON.stringify(trimmed)}`,
      );
    }
    const earlier = section.options.get(key);
    if (earlier) {
      throw new PasteError(
        { file, line, section: section.name },
        `key ${
          JSON.stringify(key)
        } appears twice in [${section.name}] (first on line ${earlier.line})`,
      );
    }
    option = { key, value: "", line };
    section.options.set(key, option);
    pieces.set(option, [entry[3]]);
  });

  for (const [entry, parts] of pieces) entry.value = parts.join("\n").trimEnd();
  return { file, defaults, sections };

  function openSection(name: string, line: number): IniSection {
    if (name === DEFAULT_SECTION) {
      if (defaults.line === 0) defaults.line = line;
      return defaults;
    }
    const earlier = sections.get(name);
    if (earlier) {
      throw new PasteError(
        { file, line, section: name },
        `section [${name}] appears twice (first on line ${earlier.line})`,
      );
    }
    const fresh: IniSection = { name, line, options: new Map() };
    sections.set(name, fresh);
    return fresh;
  }
}
