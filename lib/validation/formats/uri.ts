/**
 * The `uri` format, as Nova checks it with the `rfc3986` package: the value
 * must have a scheme and a host, and its scheme, authority (userinfo, host,
 * port syntax), path, query and fragment must each be well-formed per
 * RFC 3986. Path, query and fragment are percent-encoded first, so only
 * characters RFC 3986 reserves (like `[`, `]` or a second `#`) can make them
 * invalid.
 *
 * The component grammars are written as Python patterns and run through
 * {@link pyMatch}, so their anchors behave as they do in Nova.
 *
 * @module
 */

import { pyMatch, pyMatchGroups } from "../pyregex.ts";

// --- RFC 3986 grammar pieces (Python regex syntax) ---
const UNRESERVED = "A-Za-z0-9._~\\-";
const SUB_DELIMS = "!$&'()\\*+,;=";
const PCT = "%[A-Fa-f0-9]{2}";
const PCHAR = `([${UNRESERVED}${SUB_DELIMS}:@]|${PCT})`;
const SEGMENT = `${PCHAR}*`;
const SEGMENT_NZ = `${PCHAR}+`;
const SEGMENT_NZ_NC = `${PCHAR.replace(":", "")}+`;

const PATH = "^(" + [
  `(/${SEGMENT})*`, // path-abempty
  `/(${SEGMENT_NZ}(/${SEGMENT})*)?`, // path-absolute
  `${SEGMENT_NZ_NC}(/${SEGMENT})*`, // path-noscheme
  `${SEGMENT_NZ}(/${SEGMENT})*`, // path-rootless
  "(?:)", // path-empty
].join("|") + ")$";
const QUERY_OR_FRAGMENT = `^([/?:@${UNRESERVED}${SUB_DELIMS}]|${PCT})*$`;
const SCHEME = "^[a-zA-Z][a-zA-Z0-9+.-]*$";

const IPV4 = "([0-9]{1,3}\\.){3}[0-9]{1,3}";
const H16 = "[0-9A-Fa-f]{1,4}";
const LS32 = `(${H16}:${H16}|${IPV4})`;
const IPV6 = "(" + [
  `(${H16}:){6}${LS32}`,
  `::(${H16}:){5}${LS32}`,
  `(${H16})?::(${H16}:){4}${LS32}`,
  `((${H16}:)?${H16})?::(${H16}:){3}${LS32}`,
  `((${H16}:){0,2}${H16})?::(${H16}:){2}${LS32}`,
  `((${H16}:){0,3}${H16})?::${H16}:${LS32}`,
  `((${H16}:){0,4}${H16})?::${LS32}`,
  `((${H16}:){0,5}${H16})?::${H16}`,
  `((${H16}:){0,6}${H16})?::`,
].map((v) => `(${v})`).join("|") + ")";
const IPV_FUTURE = `v[0-9A-Fa-f]+\\.[${UNRESERVED}${SUB_DELIMS}:]+`;
const ZONE_ID = `(?:[${UNRESERVED}]|${PCT})+`;
const IPV6_ANY_ZONE = `${IPV6}(?:(?:%25|%)${ZONE_ID})?`;
const IPV6_ENCODED_ZONE = `${IPV6}(?:%25${ZONE_ID})?`;
const IP_LITERAL = `\\[(${IPV6_ANY_ZONE}|${IPV_FUTURE})\\]`;
const REG_NAME = `((?:${PCT}|[${SUB_DELIMS}${UNRESERVED}])*)`;
const HOST = `(${REG_NAME}|${IPV4}|${IP_LITERAL})`;
const USERINFO = `^([${UNRESERVED}${SUB_DELIMS}:]|${PCT})+`;

const SUBAUTHORITY = `^(?:(?P<userinfo>${USERINFO})@)?(?P<host>${HOST})(?::(?P<port>[0-9]{1,5}))?$`;
const HOST_ONLY = `^${HOST}$`;
const IPV4_ONLY = `^${IPV4}$`;
const IPV6_LITERAL = `^\\[${IPV6_ANY_ZONE}\\]$`;
const IPV6_LITERAL_ENCODED_ZONE = `^\\[${IPV6_ENCODED_ZONE}\\]$`;

// Splits a reference into its five components (RFC 3986 appendix B, with a strict scheme).
const SPLIT =
  /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):)?(?:\/\/([^\\/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#([\s\S]*))?/;

// Characters left alone when normalising: reserved and unreserved ones.
const NOT_ENCODED = new Set(
  ":/?#[]@!$&'()*+,;=" + "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._!-~",
);
const LONE_SURROGATE = /\p{Cs}/u;

/** Percent-encode a path/query/fragment the way `rfc3986` normalises it; `null` if not encodable. */
function encodeComponent(component: string): string | null {
  if (LONE_SURROGATE.test(component)) return null;
  const validEscapes = component.match(/%[A-Fa-f0-9]{2}/g)?.length ?? 0;
  const bytes = new TextEncoder().encode(component);
  const percents = bytes.filter((b) => b === 0x25).length;
  const keepPercent = validEscapes === percents;
  let out = "";
  for (const b of bytes) {
    const ch = String.fromCharCode(b);
    if ((keepPercent && ch === "%") || (b < 128 && NOT_ENCODED.has(ch))) out += ch;
    else out += "%" + b.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

function ipv4OctetsInRange(host: string): boolean {
  return host.split(".").every((octet) => Number.parseInt(octet, 10) <= 255);
}

/** `rfc3986`'s authority split; `null` when the authority is malformed. */
function authorityInfo(authority: string): { host?: string } | null {
  const groups = pyMatchGroups(SUBAUTHORITY, authority);
  if (!groups) return null;
  const host = groups.host;
  if (host && pyMatch(IPV4_ONLY, host) && !ipv4OctetsInRange(host)) return null;
  return groups;
}

function hostIsValid(host: string): boolean {
  if (!pyMatch(HOST_ONLY, host)) return false;
  if (pyMatch(IPV4_ONLY, host)) return ipv4OctetsInRange(host);
  if (pyMatch(IPV6_LITERAL, host)) return pyMatch(IPV6_LITERAL_ENCODED_ZONE, host);
  return true;
}

/**
 * Whether a string is an absolute URI with a host, as Nova's `uri` format
 * requires.
 *
 * @example
 * ```ts
 * isUri("http://localhost:8774/v2.1/servers"); // => true
 * isUri("http://[::1]:8774/v2.1/servers"); // => true
 * isUri("http://localhost:8774/v2.1/servers##"); // => false
 * isUri("abc"); // => false (no scheme, no host)
 * ```
 */
export function isUri(value: string): boolean {
  const [, scheme, authority, rawPath, rawQuery, rawFragment] = SPLIT.exec(value)!;
  // rfc3986 treats an empty authority as absent, so "http://" has no host.
  if (scheme === undefined || !authority) return false;
  const info = authorityInfo(authority);
  if (info === null || info.host === undefined) return false; // no usable host
  if (!pyMatch(SCHEME, scheme) || !hostIsValid(info.host)) return false;
  for (
    const [raw, pattern] of [[rawPath, PATH], [rawQuery, QUERY_OR_FRAGMENT], [
      rawFragment,
      QUERY_OR_FRAGMENT,
    ]] as const
  ) {
    if (raw === undefined) continue;
    const encoded = encodeComponent(raw);
    if (encoded === null || !pyMatch(pattern, encoded)) return false;
  }
  return true;
}
