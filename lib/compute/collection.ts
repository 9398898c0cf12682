/**
 * The one collection helper of the compute API: how a list request asks for a page (`limit`,
 * `marker`, as Nova's `common.get_limit_and_marker` reads them) and how a full page points to the
 * next one (`<collection>_links`, as Nova's `ViewBuilder._get_collection_links` writes it: the
 * request's query parameters sorted by name in Python's code-point order, the last value of a
 * repeated name winning, `marker` set to the page's last item, encoded like Python's `urlencode`).
 *
 * @module
 */
import { NovaFault } from "../http/fault.ts";
import { pyIntFromString } from "../validation/pynumber.ts";
import { compareCodePoints } from "../validation/pyrepr.ts";

/** A link object as Nova's views write them. */
export interface Link {
  rel: string;
  href: string;
  /** A media type, on links that point outside the API (an image's `alternate`). */
  type?: string;
}

/** The last value of a query parameter, or null (WebOb's `params.get`). */
export function lastParam(query: URLSearchParams, name: string): string | null {
  const all = query.getAll(name);
  return all.length ? all[all.length - 1] : null;
}

/**
 * Nova's `get_limit_and_marker`: `limit` (a non-negative integer, at most `[api] max_limit`,
 * which is also the default) and the optional `marker`.
 *
 * @example
 * ```ts
 * limitAndMarker(new URLSearchParams("limit=5&marker=m1"), 1000); // { limit: 5, marker: "m1" }
 * ```
 */
export function limitAndMarker(
  query: URLSearchParams,
  maxLimit: number,
): { limit: number; marker?: string } {
  let limit = maxLimit;
  const text = lastParam(query, "limit");
  if (text !== null) {
    const n = pyIntFromString(text);
    if (n === null) throw new NovaFault(400, "Invalid input received: limit must be an integer");
    if (n < 0n) throw new NovaFault(400, "Invalid input received: limit must be >= 0");
    limit = Number(n < BigInt(maxLimit) ? n : BigInt(maxLimit));
  }
  const marker = lastParam(query, "marker");
  return marker === null ? { limit } : { limit, marker };
}

/**
 * The number of items that makes a page "full" (Nova's `_get_collection_links`): the requested
 * limit capped by `max_limit`, or `max_limit`.
 */
export function pageSize(query: URLSearchParams, maxLimit: number): number {
  const text = lastParam(query, "limit");
  const n = text === null ? null : pyIntFromString(text);
  if (n === null) return maxLimit;
  return Number(n < BigInt(maxLimit) ? n : BigInt(maxLimit));
}

const SAFE = /[A-Za-z0-9_.\-~]/;
const encoder = new TextEncoder();

/** Python's `urllib.parse.quote_plus` over UTF-8 (space -> `+`, `_.-~` and alphanumerics kept). */
export function quotePlus(text: string): string {
  let out = "";
  for (const ch of text) {
    if (ch === " ") out += "+";
    else if (SAFE.test(ch)) out += ch;
    else {
      for (const b of encoder.encode(ch)) {
        out += "%" + b.toString(16).toUpperCase().padStart(2, "0");
      }
    }
  }
  return out;
}

/** Python's `urllib.parse.urlencode` of string pairs. */
export function pyUrlencode(pairs: Iterable<readonly [string, string]>): string {
  return [...pairs].map(([k, v]) => `${quotePlus(k)}=${quotePlus(v)}`).join("&");
}

/**
 * The `next` link to the page after `marker`, as Nova's `_get_next_link`.
 *
 * @example
 * ```ts
 * nextLink("http://h/v2.1/flavors", new URLSearchParams("limit=1"), "42").href;
 * // "http://h/v2.1/flavors?limit=1&marker=42"
 * ```
 */
export function nextLink(collectionUrl: string, query: URLSearchParams, marker: string): Link {
  const pairs = [...query.entries()].sort(([ak, av], [bk, bv]) =>
    compareCodePoints(ak, bk) || compareCodePoints(av, bv)
  );
  const params = new Map<string, string>();
  for (const [k, v] of pairs) params.set(k, v);
  params.set("marker", marker);
  return { rel: "next", href: `${collectionUrl}?${pyUrlencode(params)}` };
}

/** What {@link collectionLinks} needs to know about the page shown. */
export interface PageShown {
  /** How many items the page holds. */
  count: number;
  /** The marker of its last item (its id, or a keypair's name). */
  lastMarker: string | undefined;
  /** The URL of the collection (`.../v2.1/flavors/detail`). */
  collectionUrl: string;
  /** The query parameters the request kept after validation. */
  query: URLSearchParams;
  /** `[api] max_limit`. */
  maxLimit: number;
}

/**
 * Nova's `_get_collection_links`: a `next` link when the page is full (as many items as the
 * requested limit capped by `max_limit`), else none.
 *
 * @example
 * ```ts
 * collectionLinks({ count: 1, lastMarker: "1", collectionUrl: "http://h/v2.1/flavors",
 *   query: new URLSearchParams("limit=1"), maxLimit: 1000 }); // [{ rel: "next", ... }]
 * ```
 */
export function collectionLinks(page: PageShown): Link[] | undefined {
  const size = pageSize(page.query, page.maxLimit);
  if (size <= 0 || page.count !== size || page.lastMarker === undefined) return undefined;
  return [nextLink(page.collectionUrl, page.query, page.lastMarker)];
}
