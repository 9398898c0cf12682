/**
 * The small header parsers Nova's urlmap uses to read an API version from `Content-Type` or
 * `Accept` (`application/json;version=2.1`): comma lists that respect quotes, `type; key=value`
 * parameters, and its own Accept matching (quality first, then the most specific mask).
 *
 * @module
 */

/** A media type and its parameters, e.g. `["application/json", { version: "2.1" }]`. */
export type MediaRange = [type: string, params: Record<string, string | undefined>];

const QUOTED = String.raw`"[^"\\]*(?:\\.[^"\\]*)*"`;
const PARAMETER = new RegExp(
  String.raw`;\s*([^\s;=]+|${QUOTED})\s*(?:=\s*([^;]+|${QUOTED}))?\s*`,
  "g",
);

/** Drop one pair of surrounding double quotes, as browsers quote (no backslash unescaping). */
export function unquote(value: string): string {
  return value !== "" && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

/**
 * Split a comma-separated header into items, keeping commas inside double quotes and removing the
 * quotes around a whole item.
 *
 * @example
 * ```ts
 * parseListHeader('token, "quoted, value"'); // ["token", "quoted, value"]
 * ```
 */
export function parseListHeader(value: string): string[] {
  const items: string[] = [];
  let part = "";
  let quoted = false;
  let escaped = false;
  for (const char of value) {
    if (escaped) {
      part += char;
      escaped = false;
    } else if (quoted) {
      if (char === "\\") {
        escaped = true;
        continue;
      }
      if (char === '"') quoted = false;
      part += char;
    } else if (char === ",") {
      items.push(part);
      part = "";
    } else {
      if (char === '"') quoted = true;
      part += char;
    }
  }
  if (part) items.push(part);
  return items.map((item) => {
    const trimmed = item.trim();
    return trimmed !== "" && trimmed.startsWith('"') && trimmed.endsWith('"')
      ? unquote(trimmed.slice(1, -1))
      : trimmed;
  });
}

/**
 * Split a `Content-Type`-like value into its type and parameters. A parameter without `=` maps to
 * `undefined`; an empty value gives `["", {}]`.
 *
 * @example
 * ```ts
 * parseOptionsHeader("application/json;version=2.1"); // ["application/json", { version: "2.1" }]
 * ```
 */
export function parseOptionsHeader(value: string): MediaRange {
  if (!value) return ["", {}];
  const pieces = [...`;${value}`.matchAll(PARAMETER)].map((match) =>
    [unquote(match[1]), match[2] === undefined ? undefined : unquote(match[2])] as const
  );
  if (pieces.length === 0) return ["", {}];
  const params: Record<string, string | undefined> = {};
  for (const [key, param] of pieces.slice(1)) params[key] = param;
  return [pieces[0][0], params];
}

/** An `Accept` header as Nova's urlmap reads it. */
export class Accept {
  /** The media ranges in header order. */
  readonly ranges: MediaRange[];

  constructor(header: string) {
    this.ranges = parseListHeader(header).map(parseOptionsHeader);
  }

  /**
   * The supported type the header prefers, with the parameters of the range that chose it:
   * highest `q` wins, and on a tie the range with fewer wildcards. `[undefined, {}]` when nothing
   * matches.
   *
   * @example
   * ```ts
   * new Accept("application/json;version=2").bestMatch(["application/json"]);
   * // ["application/json", { version: "2" }]
   * ```
   */
  bestMatch(
    supported: readonly string[],
  ): [string | undefined, Record<string, string | undefined>] {
    let bestQuality = -1;
    let bestType: string | undefined;
    let bestParams: Record<string, string | undefined> = {};
    let bestMask = "*/*";
    for (const type of supported) {
      for (const [mask, params] of this.ranges) {
        const quality = parseQuality(params.q);
        if (quality === undefined || quality < bestQuality) continue;
        if (quality === bestQuality && stars(bestMask) <= stars(mask)) continue;
        if (maskMatches(mask, type)) {
          bestQuality = quality;
          bestType = type;
          bestParams = params;
          bestMask = mask;
        }
      }
    }
    return [bestType, bestParams];
  }
}

function parseQuality(raw: string | undefined): number | undefined {
  if (raw === undefined) return 1;
  const text = raw.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return undefined;
  return Number(text);
}

function stars(mask: string): number {
  return mask.split("*").length - 1;
}

function maskMatches(mask: string, type: string): boolean {
  if (!mask.includes("*")) return type === mask;
  if (mask === "*/*") return true;
  return type.split("/", 1)[0] === mask.slice(0, -2);
}

/** Parsed `Accept` headers by text (a server sees few distinct ones). */
const ACCEPTS_MAX = 64;
/** Longer headers are parsed every time rather than remembered. */
const ACCEPT_TEXT_MAX = 1024;
const accepts = new Map<string, Accept>();

/**
 * The {@link Accept} of a header text, parsed once for the texts seen recently (an `Accept` is
 * never changed after it is built).
 *
 * @example
 * ```ts
 * acceptOf("application/json").bestMatch(["application/json"]); // ["application/json", {}]
 * ```
 */
export function acceptOf(header: string): Accept {
  let accept = accepts.get(header);
  if (accept === undefined) {
    accept = new Accept(header);
    if (header.length <= ACCEPT_TEXT_MAX) {
      if (accepts.size >= ACCEPTS_MAX) accepts.delete(accepts.keys().next().value!);
      accepts.set(header, accept);
    }
  }
  return accept;
}
