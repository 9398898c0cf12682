/**
 * Query strings, as Nova's `@validation.query_schema` sees and filters them.
 *
 * Nova turns the query string into a dict of lists (`?a=1&a=2&b=` ->
 * `{a: ["1", "2"], b: [""]}`), validates that against the schema (errors name
 * the parameter: `Invalid input for query parameters limit. ...`), and then,
 * unless the schema sets `additionalProperties: false`, silently drops every
 * parameter that is neither in `properties` nor matched (at its start) by a
 * `patternProperties` pattern. Schemas for microversion 2.75 and later forbid
 * unknown parameters instead, so they fail validation rather than vanish.
 *
 * @module
 */

import { NovaFault } from "../errors/fault.ts";
import { pyMatch } from "./pyregex.ts";
import { validate, type ValidateOptions } from "./validator.ts";
import type { Schema } from "./types.ts";

/**
 * Query parameters as a dict of lists, in order of first appearance. It has a
 * `null` prototype, so a parameter named `__proto__` is just a parameter;
 * use `Object.hasOwn` / `in` rather than methods inherited from `Object`.
 */
export type QueryDict = Record<string, string[]>;

/** Nova's message for percent-escapes that do not decode as UTF-8. */
export const NOT_UTF8 = "Query string is not UTF-8 encoded";

/** Create an empty {@link QueryDict}. */
export function emptyQueryDict(): QueryDict {
  return Object.create(null) as QueryDict;
}

function add(dict: QueryDict, key: string, value: string): void {
  if (Object.hasOwn(dict, key)) dict[key].push(value);
  else dict[key] = [value];
}

// The query string as raw bytes: code units up to 0xFF are bytes (WSGI's
// latin-1 view); anything wider is taken as UTF-8, as a URL parser would encode it.
function toBytes(text: string): number[] {
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp <= 0xff) bytes.push(cp);
    else for (const b of encoder.encode(ch)) bytes.push(b);
  }
  return bytes;
}

const PERCENT = 0x25;
const HEX_PAIR = /^[ \t\n\v\f\r]*([+-]?)([0-9a-fA-F]+)[ \t\n\v\f\r]*$/;

// webob's unquote: split on '%'; each later piece starts with a byte in hex
// when Python's int(piece[:2], 16) accepts it, otherwise the '%' stays literal.
function unquote(bytes: number[]): Uint8Array {
  const pieces = splitOn(bytes, [PERCENT]);
  const out: number[] = [];
  pieces.forEach((piece, index) => {
    let skip = 0;
    if (index > 0) {
      const m = HEX_PAIR.exec(String.fromCharCode(...piece.slice(0, 2)));
      const value = m ? parseInt(m[2], 16) * (m[1] === "-" ? -1 : 1) : -1;
      if (value >= 0) {
        out.push(value);
        skip = Math.min(2, piece.length);
      } else {
        out.push(PERCENT);
      }
    }
    for (let i = skip; i < piece.length; i++) out.push(piece[i]);
  });
  return new Uint8Array(out);
}

function splitOn(bytes: number[], separators: readonly number[]): number[][] {
  const pieces: number[][] = [[]];
  for (const b of bytes) {
    if (separators.includes(b)) pieces.push([]);
    else pieces[pieces.length - 1].push(b);
  }
  return pieces;
}

/**
 * Parse a raw query string the way webob does for Nova: `&` and `;` both
 * separate pairs, `+` is a space, a name without `=` gets the value `""`,
 * and empty pairs are skipped.
 *
 * @throws {NovaFault} 400 `Query string is not UTF-8 encoded` when a
 *   decoded name or value is not valid UTF-8.
 *
 * @example
 * ```ts
 * const q = parseQueryString("?limit=10&sort_key=name&sort_key=id&deleted");
 * // q: { limit: ["10"], sort_key: ["name", "id"], deleted: [""] }
 * ```
 */
export function parseQueryString(query: string): QueryDict {
  const raw = query.startsWith("?") ? query.slice(1) : query;
  const bytes = toBytes(raw).map((b) => (b === 0x2b ? 0x20 : b));
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const dict = emptyQueryDict();
  for (const pair of splitOn(bytes, [0x26, 0x3b])) {
    if (pair.length === 0) continue;
    const eq = pair.indexOf(0x3d);
    const name = eq === -1 ? pair : pair.slice(0, eq);
    const value = eq === -1 ? [] : pair.slice(eq + 1);
    try {
      add(dict, decoder.decode(unquote(name)), decoder.decode(unquote(value)));
    } catch {
      throw new NovaFault(400, NOT_UTF8);
    }
  }
  return dict;
}

/**
 * Convert parameters to a {@link QueryDict}. A string is parsed with
 * {@link parseQueryString} (and so gets webob's exact rules and the UTF-8
 * check); `URLSearchParams` are taken as already decoded.
 */
export function toQueryDict(params: URLSearchParams | string | QueryDict): QueryDict {
  if (typeof params === "string") return parseQueryString(params);
  const dict = emptyQueryDict();
  if (params instanceof URLSearchParams) {
    for (const [key, value] of params) add(dict, key, value);
  } else {
    for (const key of Object.keys(params)) dict[key] = [...params[key]];
  }
  return dict;
}

/** Options for {@link validateQuery}. */
export interface ValidateQueryOptions extends ValidateOptions {
  /**
   * Drop parameters the schema does not describe, as Nova does whenever the
   * schema allows additional properties (default `true`).
   */
  stripAdditional?: boolean;
}

/**
 * Nova's `_strip_additional_query_parameters`: when the schema's
 * `additionalProperties` is truthy (the default), remove parameters that are
 * not in `properties` and that no `patternProperties` pattern matches at
 * their start. Returns a new dict.
 */
export function stripAdditionalQueryParameters(schema: Schema, dict: QueryDict): QueryDict {
  const result = toQueryDict(dict);
  if (typeof schema !== "object") return result;
  const additional = schema.additionalProperties ?? true;
  const truthy = additional === true ||
    (typeof additional === "object" && Object.keys(additional).length > 0);
  if (!truthy) return result;
  const properties = schema.properties ?? {};
  const patterns = Object.keys(schema.patternProperties ?? {});
  for (const key of Object.keys(result)) {
    if (Object.hasOwn(properties, key)) continue;
    if (patterns.some((pattern) => pyMatch(pattern, key))) continue;
    delete result[key];
  }
  return result;
}

/**
 * Validate query parameters against a Nova query schema and return them as a
 * dict of lists, with undescribed parameters stripped (see module docs).
 *
 * @throws {NovaFault} 400 with Nova's detail, e.g.
 *   `Invalid input for query parameters limit. Value: abc. 'abc' does not match '^[0-9]*$'`,
 *   or `Query string is not UTF-8 encoded` for a raw string that does not decode.
 *
 * @example
 * ```ts
 * const schema = {
 *   type: "object",
 *   properties: { limit: { type: "array", items: { type: "string", pattern: "^[0-9]*$" } } },
 *   additionalProperties: true,
 * };
 * validateQuery(schema, new URLSearchParams("limit=5&junk=1")); // => { limit: ["5"] }
 * ```
 */
export function validateQuery(
  schema: Schema,
  params: URLSearchParams | string | QueryDict,
  options: ValidateQueryOptions = {},
): QueryDict {
  const dict = toQueryDict(params);
  const error = validate(schema, toQueryDict(dict), options);
  if (error) throw new NovaFault(400, error.detail("query"));
  return options.stripAdditional === false ? dict : stripAdditionalQueryParameters(schema, dict);
}
