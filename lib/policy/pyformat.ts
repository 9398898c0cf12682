/**
 * Python-flavoured value formatting for policy checks.
 *
 * oslo.policy compares check matches as Python strings: a target value is rendered with `str()`
 * (so `None`, `True`, `False`) and a match such as `%(project_id)s` is expanded with Python's
 * `%`-formatting against the target mapping. These helpers reproduce just enough of that for the
 * comparisons to agree with a Python deployment.
 *
 * @module
 */

import { pyRepr, pyStr } from "../validation/pyrepr.ts";

/** Python's `str()` and `repr()` of JSON-like values (shared with the validator's messages). */
export { pyRepr, pyStr };

/** Marker returned by {@link lookupTargetKey} when a key is absent. */
const MISSING: unique symbol = Symbol("missing");

/**
 * Find `key` in a target: the key as written first (oslo's behaviour), then, if it contains dots
 * and is absent, by walking nested objects segment by segment (`target.user.id`).
 */
export function lookupTargetKey(
  target: Record<string, unknown>,
  key: string,
): unknown | typeof MISSING {
  if (Object.hasOwn(target, key)) return target[key];
  if (!key.includes(".")) return MISSING;
  let current: unknown = target;
  for (const segment of key.split(".")) {
    if (
      current === null || typeof current !== "object" || Array.isArray(current) ||
      !Object.hasOwn(current, segment)
    ) {
      return MISSING;
    }
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/**
 * Expand `%(name)s` placeholders (and `%%`) in a check's match against the target, as Python's
 * `match % target` does. Returns `null` when a referenced key is missing or the match holds a
 * format directive this port does not handle; callers treat `null` as a failed check.
 *
 * @example
 * ```ts
 * interpolate("%(project_id)s", { project_id: "p1" }); // "p1"
 * interpolate("%(missing)s", {}); // null
 * ```
 */
export function interpolate(match: string, target: Record<string, unknown>): string | null {
  let out = "";
  let i = 0;
  while (i < match.length) {
    const pct = match.indexOf("%", i);
    if (pct < 0) {
      out += match.slice(i);
      break;
    }
    out += match.slice(i, pct);
    const next = match[pct + 1];
    if (next === "%") {
      out += "%";
      i = pct + 2;
      continue;
    }
    if (next !== "(") return null;
    const close = match.indexOf(")", pct + 2);
    if (close < 0 || match[close + 1] !== "s") return null;
    const value = lookupTargetKey(target, match.slice(pct + 2, close));
    if (value === MISSING) return null;
    out += pyStr(value);
    i = close + 2;
  }
  return out;
}

/**
 * Interpret a generic check's left-hand side as a Python literal, as `ast.literal_eval` would for
 * the simple cases: quoted strings, `True`, `False`, `None` and numbers. Returns the `str()` of the
 * literal, or `null` when the text is not a literal (then it names a credential attribute).
 */
export function literalText(kind: string): string | null {
  if (kind.length >= 2) {
    const q = kind[0];
    if ((q === "'" || q === '"') && kind.endsWith(q)) {
      const body = kind.slice(1, -1);
      if (!body.includes(q) && !body.includes("\\")) return body;
      return unescapePyString(body, q);
    }
  }
  if (kind === "True" || kind === "False" || kind === "None") return kind;
  if (/^[-+]?\d+$/.test(kind)) return BigInt(kind).toString();
  if (/^[-+]?(\d+\.\d*|\.\d+|\d+(\.\d*)?[eE][-+]?\d+)$/.test(kind)) {
    const n = Number(kind);
    return Number.isInteger(n) && Math.abs(n) < 1e16 ? `${n}.0` : String(n);
  }
  return null;
}

function unescapePyString(body: string, quote: string): string | null {
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === quote) return null;
    if (ch !== "\\") {
      out += ch;
      continue;
    }
    const esc = body[++i];
    if (esc === undefined) return null;
    const simple: Record<string, string> = {
      "\\": "\\",
      "'": "'",
      '"': '"',
      n: "\n",
      t: "\t",
      r: "\r",
    };
    out += simple[esc] ?? `\\${esc}`;
  }
  return out;
}
