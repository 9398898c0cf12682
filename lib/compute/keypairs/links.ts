/**
 * The `next` link of a paged keypair list, as Nova's `_get_collection_links` writes it: the
 * request's query parameters sorted by name (the greatest value of a repeated one), `marker` set to the
 * last name shown, encoded like Python's `urlencode`.
 *
 * @module
 */
import type { CollectionLink } from "./view.ts";

const SAFE = /[A-Za-z0-9_.\-~]/;

/** Python's `urllib.parse.quote_plus` over UTF-8. */
export function quotePlus(text: string): string {
  let out = "";
  for (const ch of text) {
    if (ch === " ") out += "+";
    else if (SAFE.test(ch)) out += ch;
    else {
      for (const b of new TextEncoder().encode(ch)) {
        out += "%" + b.toString(16).toUpperCase().padStart(2, "0");
      }
    }
  }
  return out;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Build the link when the page is full: `limit` (or `[api] max_limit` when absent or larger)
 * equals the number of items shown.
 */
export function nextLink(
  base: string,
  query: URLSearchParams,
  shown: number,
  maxLimit: number,
  lastName: string,
): CollectionLink | undefined {
  const asked = query.has("limit") ? Number(query.getAll("limit").at(-1)) : maxLimit;
  const maxItems = Math.min(asked, maxLimit);
  if (!maxItems || maxItems !== shown) return undefined;
  // Python sorts (name, value) pairs and keeps the last pair of each name.
  const pairs = [...query].sort((a, b) => compare(a[0], b[0]) || compare(a[1], b[1]));
  const params = new Map<string, string>(pairs);
  params.set("marker", lastName);
  const encoded = [...params].map(([k, v]) => `${quotePlus(k)}=${quotePlus(v)}`).join("&");
  return { rel: "next", href: `${base}/os-keypairs?${encoded}` };
}
