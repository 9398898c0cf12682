/**
 * The flavor listings' own filters, read as Nova's `FlavorsController._get_flavors` reads them.
 * Paging (`limit`, `marker`) is the shared collection helper's (`../collection.ts`).
 *
 * @module
 */
import { NovaFault } from "../../http/fault.ts";
import { pyIntFromString } from "../../validation/pynumber.ts";
import { boolFromWord } from "./bool_words.ts";

/**
 * An admin's `is_public` filter: absent -> `true` (public, plus private ones shared with the
 * caller's project); `none` -> `null` (everything); otherwise a strict boolean word, else 400.
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
