/**
 * Floats in JSON bodies as Python's `json` writes them: `1.0`, not `1`. Nova serializes fields
 * such as `rxtx_factor` from Python floats, and a few clients print them as they come.
 *
 * @module
 */
import { pyFloatRepr } from "../validation/pyrepr.ts";

/** A value `JSON.stringify` writes as the given JSON text, unchanged. */
export interface RawJSON {
  /** The JSON text. */
  readonly rawJSON: string;
}

declare global {
  interface JSON {
    /** Deno/V8's `JSON.rawJSON` (TC39 JSON.parse source text access), missing from TS's lib. */
    rawJSON(text: string): RawJSON;
    /** Whether a value came from `JSON.rawJSON`. */
    isRawJSON(value: unknown): value is RawJSON;
  }
}

/**
 * A number that serializes as Python's `repr()` of the float: `1` -> `1.0`, `1e-5` -> `1e-05`,
 * `1e16` -> `1e+16`. Throws on NaN and infinities (no JSON for them).
 *
 * @example
 * ```ts
 * JSON.stringify({ rxtx_factor: pyFloat(1) }); // '{"rxtx_factor":1.0}'
 * ```
 */
export function pyFloat(n: number): RawJSON {
  // -0 and 0 are one Map key but two Python floats (`-0.0`, `0.0`): -0 is never kept.
  const known = Object.is(n, -0) ? undefined : made.get(n);
  if (known) return known;
  if (!Number.isFinite(n)) throw new RangeError(`no JSON float for ${n}`);
  const raw = JSON.rawJSON(pyFloatRepr(n));
  // Views ask for the same few values (1.0, 0.5, ...) again and again: keep them, up to a bound.
  if (made.size < MADE_LIMIT && !Object.is(n, -0)) made.set(n, raw);
  return raw;
}

/** Raw JSON values are frozen, so one per number can be shared by every response. */
const made = new Map<number, RawJSON>();
const MADE_LIMIT = 4096;
