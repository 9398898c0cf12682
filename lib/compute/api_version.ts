/**
 * Compute API microversions: parsing, comparison, negotiation from request headers, and the headers
 * every versioned response carries.
 *
 * @module
 */
import { environ } from "../http/environ.ts";
import { NovaFault } from "../http/fault.ts";
import { API_VERSION_HEADER, LEGACY_API_VERSION_HEADER } from "../http/version_headers.ts";

export {
  API_VERSION_HEADER,
  LEGACY_API_VERSION_HEADER,
  versionHeaders,
} from "../http/version_headers.ts";

/** The lowest microversion served (and the default when a client names none). */
export const MIN_API_VERSION = "2.1";

/**
 * The highest microversion served. Every route this port serves implements every change up to it;
 * routes it does not serve answer 404 at any version.
 */
export const MAX_API_VERSION = "2.104";

/** A `major.minor` microversion, comparable. */
export class ApiVersion {
  readonly major: number;
  readonly minor: number;

  constructor(major: number, minor: number) {
    this.major = major;
    this.minor = minor;
  }

  /**
   * Parse `X.Y` as Nova does (no leading zeros, minor may be 0); 400 with Nova's message otherwise.
   *
   * @example
   * ```ts
   * ApiVersion.parse("2.53").minor; // 53
   * ```
   */
  static parse(text: string): ApiVersion {
    const m = /^([1-9]\d*)\.([1-9]\d*|0)$/.exec(text);
    if (!m) {
      throw new NovaFault(
        400,
        `API Version String ${text} is of invalid format. Must be of format MajorNum.MinorNum.`,
      );
    }
    return new ApiVersion(Number(m[1]), Number(m[2]));
  }

  /** Negative, zero or positive as this version is lower, equal or higher than `other`. */
  compare(other: ApiVersion | string): number {
    const o = typeof other === "string" ? literal(other) : other;
    return this.major - o.major || this.minor - o.minor;
  }

  /** `this >= other`. */
  atLeast(other: ApiVersion | string): boolean {
    return this.compare(other) >= 0;
  }

  /** `this <= other`. */
  atMost(other: ApiVersion | string): boolean {
    return this.compare(other) <= 0;
  }

  /** Within `[min, max]`; either bound may be omitted. */
  within(min?: ApiVersion | string, max?: ApiVersion | string): boolean {
    return (min === undefined || this.atLeast(min)) && (max === undefined || this.atMost(max));
  }

  /** `X.Y`. */
  toString(): string {
    return `${this.major}.${this.minor}`;
  }
}

/**
 * The versions the code compares against (`req.version.atLeast("2.61")`), parsed once each: they
 * are a fixed set of literals, so the cache stays small.
 */
const LITERALS = new Map<string, ApiVersion>();

function literal(text: string): ApiVersion {
  let v = LITERALS.get(text);
  if (!v) {
    v = ApiVersion.parse(text);
    LITERALS.set(text, v);
  }
  return v;
}

const MIN = ApiVersion.parse(MIN_API_VERSION);
const MAX = ApiVersion.parse(MAX_API_VERSION);

/**
 * Pull the compute entry out of `OpenStack-API-Version` as microversion-parse does: the
 * comma-separated entries are read from the last one back, each split at its first run of
 * whitespace into service and version (an entry without both is skipped); the first compute entry
 * found wins, so the last one in the header counts.
 */
function fromServiceHeader(value: string): string | undefined {
  const entries = value.split(",");
  for (let i = entries.length - 1; i >= 0; i--) {
    const m = /^(\S+)\s+([\s\S]+)$/.exec(entries[i].trim());
    if (m && m[1].toLowerCase() === "compute") return m[2].trim();
  }
  return undefined;
}

/**
 * The microversion a request asks for: `OpenStack-API-Version: compute X.Y`, else the legacy
 * header (its last comma-separated value), else the minimum; `latest` (exactly that, lower case)
 * is the maximum. A malformed value is a 400; one outside the served range is a 406 naming the
 * bounds. A range error carries the requested version in the two version headers
 * (`fault.headers`, without `Vary`, which faultwrap adds) so the fault still echoes it, as Nova's
 * does.
 */
export function negotiateVersion(headers: Headers): ApiVersion {
  let text: string | undefined;
  const current = headers.get(API_VERSION_HEADER);
  if (current !== null) text = fromServiceHeader(current);
  if (text === undefined) {
    const legacy = headers.get(LEGACY_API_VERSION_HEADER);
    if (legacy !== null) text = legacy.split(",").at(-1)!.trim();
  }
  if (text === undefined) return MIN;
  if (text === "latest") return MAX;
  const version = ApiVersion.parse(text);
  if (!version.within(MIN, MAX)) {
    // The text, not `version`: it is already canonical (no leading zeros), and numbers past 2^53
    // would not survive the round trip (Nova's are Python ints).
    throw new NovaFault(
      406,
      `Version ${text} is not supported by the API. Minimum is ${MIN} and maximum is ${MAX}.`,
      {
        [API_VERSION_HEADER]: `compute ${text}`,
        [LEGACY_API_VERSION_HEADER]: text,
      },
    );
  }
  return version;
}

/**
 * {@link negotiateVersion} for a request, noting the outcome in its environ (`apiVersion`) so that
 * faultwrap stamps the same version headers on a fault: the negotiated version, or for a 406 the
 * version the client asked for.
 */
export function negotiateRequestVersion(request: Request): ApiVersion {
  const env = environ(request);
  try {
    const version = negotiateVersion(request.headers);
    env.apiVersion = version.toString();
    return version;
  } catch (e) {
    if (e instanceof NovaFault && e.status === 406) {
      env.apiVersion = e.headers[LEGACY_API_VERSION_HEADER];
    }
    throw e;
  }
}

/** The served range, for the versions document. */
export const SERVED_RANGE = { min: MIN, max: MAX } as const;
