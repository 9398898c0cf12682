/**
 * Option types: how a raw configuration value (a string from a file or the environment, or an
 * already-typed default) becomes a typed value, following oslo.config's `types` module.
 *
 * Every type throws {@link InvalidValue} with an `expected ...` reason when a value does not fit;
 * the loader turns that into a one-line {@link ConfigError}.
 *
 * @module
 */

import { InvalidValue } from "./errors.ts";

/**
 * A value type for options.
 *
 * @example
 * ```ts
 * const workers = integer({ min: 1 });
 * workers.parse("4"); // 4
 * workers.parse(""); // null (oslo treats a blank number as unset)
 * ```
 */
export interface OptionType<T> {
  /** A short name for documentation (`integer`, `boolean`, `list of string`, ...). */
  readonly name: string;
  /** Converts a raw string, or checks an already-typed value; throws {@link InvalidValue}. */
  parse(value: unknown): T;
  /** The text used when this value is substituted into another one (`$name`), as Python prints it. */
  render(value: T): string;
}

/** Python's `repr()` of a string, for rendering lists and dicts. */
function pyRepr(value: unknown): string {
  if (typeof value === "string") {
    const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
    const escaped = value.replaceAll("\\", "\\\\").replaceAll(quote, `\\${quote}`)
      .replaceAll("\n", "\\n");
    return quote + escaped + quote;
  }
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  return String(value);
}

/** Python's `str()` of a float: integral values keep a `.0`. */
function pyFloat(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  return Number.isInteger(value) && Math.abs(value) < 1e16 ? value.toFixed(1) : String(value);
}

/** Options of {@link string}. */
export interface StringTypeOptions {
  /** The only accepted values. */
  choices?: readonly string[];
  /** Compare `choices`/`regex` without regard to case. */
  ignoreCase?: boolean;
  /** Strip one pair of surrounding quotes (an unclosed quote is an error). Useful as a list item. */
  quotes?: boolean;
  /** A pattern the value must contain a match for. */
  regex?: RegExp;
  /** The longest accepted value. */
  maxLength?: number;
}

/**
 * Strings, optionally restricted to `choices`, a `regex` or a `maxLength`.
 *
 * @example
 * ```ts
 * string({ choices: ["keystone", "noauth2"] }).parse("noauth2"); // "noauth2"
 * ```
 */
export function string(options: StringTypeOptions = {}): OptionType<string> {
  const { choices, ignoreCase = false, quotes = false, regex, maxLength = 0 } = options;
  const folded = choices?.map((c) => (ignoreCase ? c.toLowerCase() : c));
  const pattern = regex && ignoreCase && !regex.flags.includes("i")
    ? new RegExp(regex.source, regex.flags + "i")
    : regex;
  return {
    name: choices ? `string (one of: ${choices.join(", ")})` : "string",
    parse(value: unknown): string {
      let text = String(value);
      if (quotes && text !== "" && (text[0] === '"' || text[0] === "'")) {
        if (text.length === 1 || text.at(-1) !== text[0]) {
          throw new InvalidValue(`expected a closing ${text[0]} quote`);
        }
        text = text.slice(1, -1);
      }
      if (maxLength > 0 && text.length > maxLength) {
        throw new InvalidValue(`expected at most ${maxLength} characters`);
      }
      if (pattern && !pattern.test(text)) {
        throw new InvalidValue(`expected a value matching /${pattern.source}/`);
      }
      if (folded && !folded.includes(ignoreCase ? text.toLowerCase() : text)) {
        throw new InvalidValue(`expected one of: ${choices!.join(", ")}`);
      }
      return text;
    },
    render: (value) => value,
  };
}

/** The spellings oslo.config accepts for true, compared case-insensitively. */
export const TRUE_SPELLINGS: readonly string[] = ["true", "1", "on", "yes"];
/** The spellings oslo.config accepts for false, compared case-insensitively. */
export const FALSE_SPELLINGS: readonly string[] = ["false", "0", "off", "no"];

/**
 * Booleans: `true/false`, `yes/no`, `on/off`, `1/0`, in any case. Surrounding whitespace is not
 * ignored (files strip it; the environment does not).
 *
 * @example
 * ```ts
 * boolean().parse("Yes"); // true
 * ```
 */
export function boolean(): OptionType<boolean> {
  return {
    name: "boolean",
    parse(value: unknown): boolean {
      if (typeof value === "boolean") return value;
      if (typeof value === "string") {
        const lower = value.toLowerCase();
        if (TRUE_SPELLINGS.includes(lower)) return true;
        if (FALSE_SPELLINGS.includes(lower)) return false;
      }
      throw new InvalidValue("expected a boolean (true/false, yes/no, on/off or 1/0)");
    },
    render: (value) => (value ? "True" : "False"),
  };
}

/** Bounds (inclusive) and choices for numbers. */
export interface NumberTypeOptions {
  /** The smallest accepted value. */
  min?: number;
  /** The largest accepted value. */
  max?: number;
  /** The only accepted values (bounds then only check the choices themselves). */
  choices?: readonly number[];
}

/** `"an integer between 0 and 65535"` and the like. */
function describeNumber(noun: string, min?: number, max?: number): string {
  if (min !== undefined && max !== undefined) return `${noun} between ${min} and ${max}`;
  if (min !== undefined) return `${noun} greater than or equal to ${min}`;
  if (max !== undefined) return `${noun} less than or equal to ${max}`;
  return noun;
}

/** Python `int()` syntax: optional sign, digits, single underscores between digits. */
const INTEGER_SYNTAX = /^[+-]?\d+(?:_\d+)*$/;
/** Python `float()` syntax, including `inf`, `infinity` and `nan`. */
const FLOAT_SYNTAX =
  /^[+-]?(?:(?:\d+(?:_\d+)*(?:\.(?:\d+(?:_\d+)*)?)?|\.\d+(?:_\d+)*)(?:[eE][+-]?\d+(?:_\d+)*)?|inf|infinity|nan)$/i;

/** Shared number parsing: blank strings are `null`, as oslo.config's `Number` type has it. */
function number(
  noun: string,
  integral: boolean,
  options: NumberTypeOptions,
): OptionType<number | null> {
  const { min, max, choices } = options;
  const expected = choices
    ? `expected one of: ${choices.join(", ")}`
    : `expected ${describeNumber(noun, min, max)}`;
  const fromText = (text: string): number => {
    const syntax = integral ? INTEGER_SYNTAX : FLOAT_SYNTAX;
    if (!syntax.test(text)) throw new InvalidValue(expected);
    const plain = text.replaceAll("_", "").toLowerCase();
    const sign = plain.startsWith("-") ? -1 : 1;
    const unsigned = plain.replace(/^[+-]/, "");
    if (unsigned === "nan") return NaN;
    if (unsigned === "inf" || unsigned === "infinity") return sign * Infinity;
    return Number(plain);
  };
  return {
    name: integral ? "integer" : "float",
    parse(value: unknown): number | null {
      let n: number;
      if (typeof value === "number") {
        if (integral && !Number.isInteger(value)) throw new InvalidValue(expected);
        n = value;
      } else {
        const text = String(value).trim();
        if (text === "") return null;
        n = fromText(text);
      }
      if (choices) {
        if (!choices.includes(n)) throw new InvalidValue(expected);
      } else if ((min !== undefined && !(n >= min)) || (max !== undefined && !(n <= max))) {
        throw new InvalidValue(expected);
      }
      return n;
    },
    render: (value) => (value === null ? "" : integral ? String(value) : pyFloat(value)),
  };
}

/**
 * Integers, optionally bounded. A blank value means unset (`null`).
 *
 * @example
 * ```ts
 * integer({ min: 0 }).parse("1_000"); // 1000
 * ```
 */
export function integer(options: NumberTypeOptions = {}): OptionType<number | null> {
  return number("an integer", true, options);
}

/**
 * Floating point numbers in Python's syntax (`1`, `.5`, `1e3`, `inf`), optionally bounded. A
 * blank value means unset (`null`).
 */
export function float(options: Omit<NumberTypeOptions, "choices"> = {}): OptionType<number | null> {
  return number("a number", false, options);
}

/** The lowest TCP/UDP port number. */
export const PORT_MIN = 0;
/** The highest TCP/UDP port number. */
export const PORT_MAX = 65535;

/**
 * Port numbers: integers within 0-65535 (or narrower bounds). A blank value means unset.
 *
 * @example
 * ```ts
 * port().parse("8774"); // 8774
 * ```
 */
export function port(options: NumberTypeOptions = {}): OptionType<number | null> {
  const min = options.min ?? PORT_MIN;
  const max = options.max ?? PORT_MAX;
  if (min < PORT_MIN || max > PORT_MAX) {
    throw new RangeError(`port bounds must lie within ${PORT_MIN}..${PORT_MAX}`);
  }
  return { ...number("an integer", true, { ...options, min, max }), name: "port" };
}

/** Options of {@link list}. */
export interface ListTypeOptions {
  /** The value must be written inside `[` and `]`. */
  bounds?: boolean;
}

/**
 * Comma-separated lists. Items are stripped and parsed by `item`; a trailing comma is ignored and
 * a blank value is the empty list. When an item fails, it is retried joined with the next one, so
 * items of a type that may contain commas still parse.
 *
 * @example
 * ```ts
 * list().parse(" a, b ,c,"); // ["a", "b", "c"]
 * list().parse(""); // []
 * ```
 */
export function list<T = string>(
  item: OptionType<T> = string() as unknown as OptionType<T>,
  options: ListTypeOptions = {},
): OptionType<T[]> {
  return {
    name: `list of ${item.name}`,
    parse(value: unknown): T[] {
      if (Array.isArray(value)) return value.map((v) => item.parse(v));
      let text = String(value).trim().replace(/,+$/, "");
      if (options.bounds) {
        if (!text.startsWith("[") || !text.endsWith("]")) {
          throw new InvalidValue('expected a list inside "[" and "]"');
        }
        text = text.slice(1, -1);
      }
      if (text === "") return [];
      const parts = text.split(",");
      const result: T[] = [];
      while (parts.length > 0) {
        let candidate = parts.shift()!;
        let firstError: { item: string; reason: string } | undefined;
        for (;;) {
          try {
            result.push(item.parse(candidate.trim()));
            break;
          } catch (err) {
            if (!(err instanceof InvalidValue)) throw err;
            firstError ??= { item: candidate.trim(), reason: err.message };
            if (parts.length === 0) {
              throw new InvalidValue(
                `list item ${JSON.stringify(firstError.item)}: ${firstError.reason}`,
              );
            }
            candidate += "," + parts.shift();
          }
        }
      }
      return result;
    },
    render: (value) => `[${value.map((v) => pyRepr(v)).join(", ")}]`,
  };
}

/** Options of {@link dict}. */
export interface DictTypeOptions {
  /** The value must be written inside `{` and `}`. */
  bounds?: boolean;
  /** What separates a key from its value (`:` unless told). */
  separator?: string;
}

/**
 * `key:value` pairs separated by commas, keys and values stripped. A blank value is `{}`; a pair
 * without the separator, an empty key or a repeated key is an error.
 *
 * @example
 * ```ts
 * dict().parse("k1:v1, k2:v2"); // { k1: "v1", k2: "v2" }
 * ```
 */
export function dict<T = string>(
  valueType: OptionType<T> = string() as unknown as OptionType<T>,
  options: DictTypeOptions = {},
): OptionType<Record<string, T>> {
  const separator = options.separator ?? ":";
  if (separator === ",") throw new TypeError('a dict separator cannot be ","');
  const shape = `expected key${separator}value pairs separated by ","`;
  return {
    name: `dict of ${valueType.name}`,
    parse(value: unknown): Record<string, T> {
      if (value !== null && typeof value === "object" && !Array.isArray(value)) {
        return value as Record<string, T>;
      }
      let text = String(value).trim();
      if (options.bounds) {
        if (!text.startsWith("{") || !text.endsWith("}")) {
          throw new InvalidValue('expected a dict inside "{" and "}"');
        }
        text = text.slice(1, -1);
      }
      const result: Record<string, T> = {};
      if (text === "") return result;
      const parts = text.split(",");
      while (parts.length > 0) {
        let pair = parts.shift()!;
        let firstError: string | undefined;
        let key = "";
        let parsed: T;
        for (;;) {
          try {
            const at = pair.indexOf(separator);
            if (at < 0) throw new InvalidValue(shape);
            key = pair.slice(0, at).trim();
            parsed = valueType.parse(pair.slice(at + separator.length).trim());
            break;
          } catch (err) {
            if (!(err instanceof InvalidValue)) throw err;
            firstError ??= err.message;
            if (parts.length === 0) throw new InvalidValue(firstError);
            pair += "," + parts.shift();
          }
        }
        if (key === "") throw new InvalidValue(`${shape} (found an empty key)`);
        if (Object.hasOwn(result, key)) {
          throw new InvalidValue(`${shape} (key ${JSON.stringify(key)} repeats)`);
        }
        result[key] = parsed;
      }
      return result;
    },
    render: (value) =>
      `{${Object.entries(value).map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`).join(", ")}}`,
  };
}

/** A dotted-quad IPv4 address with no leading zeros (what `inet_pton` accepts). */
export function isIPv4(text: string): boolean {
  const parts = text.split(".");
  return parts.length === 4 &&
    parts.every((p) => /^(?:0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

/** An IPv6 address in any of its textual forms. */
export function isIPv6(text: string): boolean {
  if (!text.includes(":") || /[^0-9a-fA-F:.]/.test(text)) return false;
  try {
    new URL(`http://[${text}]/`);
    return true;
  } catch {
    return false;
  }
}

/**
 * Host names per RFC 1123 (labels of letters, digits and hyphens, 1-63 long, not starting or
 * ending with a hyphen; a top-level label that is not all digits; 253 characters at most). With
 * `underscore`, labels may also hold `_` (oslo's `HostDomain`). Returns the name without a
 * trailing dot, or undefined when it is not valid.
 */
export function checkHostname(text: string, underscore = false): string | undefined {
  if (text.length === 0 || text.length > 253) return undefined;
  const name = text.endsWith(".") ? text.slice(0, -1) : text;
  const labels = name.split(".");
  if (!/[a-zA-Z-]/.test(labels.at(-1)!)) return undefined;
  const label = underscore ? /^(?!-)[A-Za-z0-9_-]{1,63}(?<!-)$/ : /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;
  return labels.every((l) => label.test(l)) ? name : undefined;
}

/** IP addresses, optionally of one version only. */
export function ipAddress(options: { version?: 4 | 6 } = {}): OptionType<string> {
  const { version } = options;
  const expected = version ? `expected an IPv${version} address` : "expected an IP address";
  return {
    name: "IP address",
    parse(value: unknown): string {
      const text = String(value);
      const ok = version === 4
        ? isIPv4(text)
        : version === 6
        ? isIPv6(text)
        : isIPv4(text) || isIPv6(text);
      if (!ok) throw new InvalidValue(expected);
      return text;
    },
    render: (value) => value,
  };
}

/** Host addresses: an IP address or a valid host name (oslo's `HostAddress`). */
export function hostAddress(): OptionType<string> {
  return hostType("host address", false);
}

/** Like {@link hostAddress}, but host name labels may contain `_` (oslo's `HostDomain`). */
export function hostDomain(): OptionType<string> {
  return hostType("host domain", true);
}

/** Shared body of {@link hostAddress} and {@link hostDomain}. */
function hostType(name: string, underscore: boolean): OptionType<string> {
  return {
    name,
    parse(value: unknown): string {
      const text = String(value);
      if (isIPv4(text) || isIPv6(text)) return text;
      const host = checkHostname(text, underscore);
      if (host === undefined) throw new InvalidValue("expected a valid host name or IP address");
      return host;
    },
    render: (value) => value,
  };
}

/** Options of {@link uri}. */
export interface UriTypeOptions {
  /** Accepted schemes (lower case). */
  schemes?: readonly string[];
  /** The longest accepted value. */
  maxLength?: number;
}

/**
 * URIs with at least a scheme and a host (`scheme://host...`): a light check, not full RFC 3986.
 *
 * @example
 * ```ts
 * uri({ schemes: ["http", "https"] }).parse("https://keystone:5000/v3");
 * ```
 */
export function uri(options: UriTypeOptions = {}): OptionType<string> {
  const { schemes, maxLength } = options;
  const expected = schemes
    ? `expected a URI with scheme one of: ${schemes.join(", ")}`
    : "expected a URI with a scheme and a host";
  return {
    name: "URI",
    parse(value: unknown): string {
      const text = String(value);
      const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#\s]+)[^\s]*$/.exec(text);
      if (!match) throw new InvalidValue(expected);
      if (schemes && !schemes.includes(match[1].toLowerCase())) throw new InvalidValue(expected);
      if (maxLength !== undefined && text.length > maxLength) {
        throw new InvalidValue(`expected at most ${maxLength} characters`);
      }
      return text;
    },
    render: (value) => value,
  };
}
