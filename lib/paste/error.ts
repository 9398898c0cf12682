/**
 * The one error type the paste reader and loader throw: a bad ini file, a reference to a section
 * that does not exist, or a factory name this port does not implement.
 *
 * @module
 */

/** Where in a paste file a problem was found. */
export interface PasteErrorLocation {
  /** The paste file's path, as the caller named it. */
  file: string;
  /** 1-based line number, when the problem belongs to one line. */
  line?: number;
  /** The section involved (`filter:cors`), when there is one. */
  section?: string;
}

/**
 * A problem with a paste file or with what it asks for. The message is one line and starts with
 * the file (and line, when known), e.g.
 * `api-paste.ini: [filter:foo] paste.filter_factory = x.y:Z.factory is not implemented by this port`.
 *
 * @example
 * ```ts
 * try {
 *   parseIni("no section\n", "api-paste.ini");
 * } catch (error) {
 *   if (error instanceof PasteError) console.error(error.message, error.line);
 * }
 * ```
 */
export class PasteError extends Error {
  /** The paste file's path. */
  readonly file: string;
  /** 1-based line number, if the error belongs to a line. */
  readonly line?: number;
  /** The section involved, if any. */
  readonly section?: string;

  constructor(location: PasteErrorLocation, detail: string) {
    const where = location.line === undefined ? location.file : `${location.file}:${location.line}`;
    super(`${where}: ${detail}`);
    this.name = "PasteError";
    this.file = location.file;
    this.line = location.line;
    this.section = location.section;
  }
}
