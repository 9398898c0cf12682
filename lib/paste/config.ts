/**
 * A parsed paste file as PasteDeploy's config loader sees it: the file's `[DEFAULT]` entries plus
 * `here` (the file's directory) and `__file__` (its absolute path), extra globals the caller
 * supplies, and interpolated reads of any section's values.
 *
 * @module
 */
import { dirname, isAbsolute, join, normalize } from "./posix_path.ts";
import { PasteError } from "./error.ts";
import { DEFAULT_SECTION, type IniDocument, type IniSection } from "./ini.ts";
import { interpolate, InterpolationError } from "./interpolate.ts";

interface RawDefault {
  /** Raw value; `%` in values that did not come from the file is escaped so it stays literal. */
  raw: string;
  line?: number;
}

/**
 * Read access to a paste file's sections with PasteDeploy's defaults and `%(name)s` expansion.
 *
 * @example
 * ```ts
 * const config = new PasteConfig(parseIni("[app:a]\nroot = %(here)s/www\n", "/srv/a.ini"));
 * config.get("app:a", "root"); // "/srv/www"
 * ```
 */
export class PasteConfig {
  /** The parsed file. */
  readonly document: IniDocument;
  readonly #defaults = new Map<string, RawDefault>();
  #expandedDefaults?: Record<string, string>;

  /**
   * @param document the parsed file
   * @param extraDefaults globals from the caller; like PasteDeploy's `global_conf`, they do not
   *   replace keys the file's `[DEFAULT]` sets, and their values are taken literally
   */
  constructor(document: IniDocument, extraDefaults: Record<string, string> = {}) {
    this.document = document;
    const path = absolutePath(document.file);
    this.#defaults.set("here", { raw: escape(dirname(path)) });
    this.#defaults.set("__file__", { raw: escape(path) });
    for (const option of document.defaults.options.values()) {
      this.#defaults.set(option.key, { raw: option.value, line: option.line });
    }
    for (const [key, value] of Object.entries(extraDefaults)) {
      if (!this.#defaults.has(key)) this.#defaults.set(key, { raw: escape(value) });
    }
  }

  /** The paste file's path as the caller gave it. */
  get file(): string {
    return this.document.file;
  }

  /** Every section name except `[DEFAULT]`, in file order. */
  sectionNames(): string[] {
    return [...this.document.sections.keys()];
  }

  /** Whether `name` is one of the defaults (file `[DEFAULT]`, `here`, `__file__`, caller extras). */
  isDefault(name: string): boolean {
    return this.#defaults.has(name);
  }

  /** The defaults with their values expanded (PasteDeploy's starting `global_conf`). */
  defaults(): Record<string, string> {
    if (!this.#expandedDefaults) {
      const expanded: Record<string, string> = {};
      for (const key of this.#defaults.keys()) expanded[key] = this.get(DEFAULT_SECTION, key);
      this.#expandedDefaults = expanded;
    }
    return { ...this.#expandedDefaults };
  }

  /** The section's own keys in file order, then the default keys it does not set itself. */
  keys(section: string): string[] {
    const own = [...this.#section(section).options.keys()];
    const seen = new Set(own);
    return [...own, ...[...this.#defaults.keys()].filter((key) => !seen.has(key))];
  }

  /** The 1-based line a key of a section is on, when it comes from the file. */
  lineOf(section: string, key: string): number | undefined {
    return this.#section(section).options.get(key)?.line ?? this.#defaults.get(key)?.line;
  }

  /**
   * A section's value with `%(name)s` expanded from the section itself, then the defaults. Throws
   * a {@link PasteError} naming the file, line, section and key if expansion fails.
   */
  get(section: string, key: string): string {
    const own = this.#section(section).options;
    const rawOf = (name: string) => own.get(name)?.value ?? this.#defaults.get(name)?.raw;
    const raw = rawOf(key);
    if (raw === undefined) {
      throw new PasteError({ file: this.file, section }, `[${section}] has no key ${key}`);
    }
    try {
      return interpolate(raw, rawOf);
    } catch (error) {
      if (!(error instanceof InterpolationError)) throw error;
      throw new PasteError(
        { file: this.file, line: this.lineOf(section, key), section },
        `[${section}] ${key}: ${error.message}`,
      );
    }
  }

  #section(name: string): IniSection {
    if (name === DEFAULT_SECTION) return this.document.defaults;
    const section = this.document.sections.get(name);
    if (!section) {
      throw new PasteError({ file: this.file, section: name }, `there is no [${name}] section`);
    }
    return section;
  }
}

function escape(value: string): string {
  return value.replaceAll("%", "%%");
}

function absolutePath(file: string): string {
  if (isAbsolute(file)) return normalize(file);
  try {
    return join(Deno.cwd(), file);
  } catch {
    return normalize(file);
  }
}
