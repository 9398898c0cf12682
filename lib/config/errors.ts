/**
 * Configuration errors. Every problem found while reading configuration becomes one
 * {@link ConfigError} whose message is a single line that says where the value came from, which
 * option it was for, what it was and what was expected instead.
 *
 * @module
 */

/**
 * Raised by an option type when a value does not fit it. It carries only the reason (for example
 * `expected an integer between 0 and 65535`); the loader adds where the value came from and turns
 * it into a {@link ConfigError}.
 *
 * @example
 * ```ts
 * throw new InvalidValue("expected a boolean (true/false, yes/no, on/off or 1/0)");
 * ```
 */
export class InvalidValue extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "InvalidValue";
  }
}

/** Describes the option and value a {@link ConfigError.badValue} is about. */
export interface BadValueDetails {
  /** Where the value came from: `path:line`, an environment variable name, `default`, ... */
  where: string;
  /** The group as registered (`DEFAULT`, `api`, ...). */
  group: string;
  /** The option name. */
  option: string;
  /** The raw value as found; omitted from the message for secret options. */
  value: unknown;
  /** Why it was rejected, e.g. `expected an integer`. */
  reason: string;
  /** When true, the value is masked as `****`. */
  secret?: boolean;
}

/** Renders a raw value for an error message: quoted, escaped, on one line. */
function showValue(value: unknown, secret: boolean): string {
  if (secret) return '"****"';
  if (typeof value === "string") return JSON.stringify(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Collapses any line breaks so that a message always stays on one line. */
function oneLine(text: string): string {
  return text.replace(/\r?\n|\r/g, "\\n");
}

/**
 * A configuration problem: a file that is missing or cannot be parsed, or an option value that
 * does not fit its type. The message is always one line.
 *
 * @example
 * ```ts
 * const err = ConfigError.badValue({
 *   where: "/etc/nova/nova.conf:12",
 *   group: "DEFAULT",
 *   option: "osapi_compute_listen_port",
 *   value: "abc",
 *   reason: "expected an integer between 0 and 65535",
 * });
 * err.message;
 * // '/etc/nova/nova.conf:12: [DEFAULT] osapi_compute_listen_port = "abc": expected an integer between 0 and 65535'
 * ```
 */
export class ConfigError extends Error {
  /** Where the problem is (`path:line`, `path`, an environment variable name, ...). */
  readonly where: string;
  /** The group of the offending option, when the problem is about one. */
  readonly group?: string;
  /** The offending option, when the problem is about one. */
  readonly option?: string;

  constructor(message: string, where: string, group?: string, option?: string) {
    super(oneLine(message));
    this.name = "ConfigError";
    this.where = where;
    this.group = group;
    this.option = option;
  }

  /** An option value that does not fit the option's type (or cannot be substituted). */
  static badValue(details: BadValueDetails): ConfigError {
    const { where, group, option, value, reason } = details;
    const shown = showValue(value, details.secret ?? false);
    return new ConfigError(
      `${where}: [${group}] ${option} = ${shown}: ${reason}`,
      where,
      group,
      option,
    );
  }

  /** A line of a configuration file that cannot be parsed. */
  static syntax(path: string, line: number, problem: string): ConfigError {
    const where = `${path}:${line}`;
    return new ConfigError(`${where}: ${problem}`, where);
  }

  /**
   * One or more configuration files that do not exist. `origin` says which variable or default
   * produced the list, e.g. `from OS_NOVA_CONFIG_FILES`.
   */
  static missingFiles(paths: readonly string[], origin: string): ConfigError {
    const noun = paths.length === 1 ? "config file" : "config files";
    return new ConfigError(`missing ${noun} ${paths.join(", ")} (${origin})`, paths.join(", "));
  }

  /** A configuration file that exists but cannot be read. */
  static unreadable(path: string, origin: string, reason: string): ConfigError {
    return new ConfigError(`cannot read config file ${path} (${origin}): ${reason}`, path);
  }
}
