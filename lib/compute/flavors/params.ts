/**
 * Query parameters of the flavor listings, read as Nova's `FlavorsController._get_flavors` and
 * `common.get_limit_and_marker` read them (a repeated parameter counts by its last value).
 *
 * @module
 */
import { NovaFault } from "../../http/fault.ts";
import { pyIntFromString } from "../../validation/pynumber.ts";
import { boolFromWord } from "./bool_words.ts";

/** The last value of a query parameter, or null (WebOb's `params.get`). */
export function lastParam(query: URLSearchParams, name: string): string | null {
  const all = query.getAll(name);
  return all.length ? all[all.length - 1] : null;
}

/**
 * An admin's `is_public` filter: absent → `true` (public, plus private ones shared with the
 * caller's project); `none` → `null` (everything); otherwise a strict boolean word, else 400.
 */
export function parseIsPublic(value: string | null): boolean | null {
  if (value === null) return true;
  if (value.toLowerCase() === "none") return null;
  const parsed = boolFromWord(value);
  if (parsed !== null) return parsed;
  throw new NovaFault(400, `Invalid is_public filter [${value}]`);
}

/** `minRam` / `minDisk`: Python's `int()` of the text, else 400 `Invalid <name> filter [..]`. */
export function parseMinFilter(name: string, value: string): number {
  const n = pyIntFromString(value);
  if (n === null) throw new NovaFault(400, `Invalid ${name} filter [${value}]`);
  return Number(n);
}

/**
 * Nova's `get_limit_and_marker`: `limit` (a non-negative integer, at most `[api] max_limit`,
 * which is also the default) and the optional `marker`.
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
