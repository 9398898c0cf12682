/**
 * `%(name)s` expansion as Python's `BasicInterpolation` does it for paste files: `%%` is a literal
 * `%`, `%(name)s` is replaced by the raw value of `name` (itself expanded, up to ten levels deep),
 * and any other use of `%` is an error.
 *
 * @module
 */

/** How deep `%(a)s` -> `%(b)s` -> ... may nest before expansion gives up (Python's limit). */
export const MAX_INTERPOLATION_DEPTH = 10;

/** Finds the raw (unexpanded) value of a name, or `undefined` when nothing by that name exists. */
export type RawLookup = (name: string) => string | undefined;

/** Why a value could not be expanded; the caller adds the file, section and key. */
export class InterpolationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InterpolationError";
  }
}

const REFERENCE = /^%\(([^)]+)\)s/;

/**
 * Expand `%(name)s` references and `%%` escapes in `raw`, looking names up with `lookup`.
 * Throws an {@link InterpolationError} for a dangling `%`, an unknown name, or nesting deeper than
 * {@link MAX_INTERPOLATION_DEPTH}.
 *
 * @example
 * ```ts
 * const vars: Record<string, string> = { here: "/etc/nova" };
 * interpolate("%(here)s/policy.yaml, 100%%", (name) => vars[name]); // "/etc/nova/policy.yaml, 100%"
 * ```
 */
export function interpolate(raw: string, lookup: RawLookup): string {
  const out: string[] = [];
  expandInto(out, raw, lookup, 1);
  return out.join("");
}

function expandInto(out: string[], text: string, lookup: RawLookup, depth: number): void {
  if (depth > MAX_INTERPOLATION_DEPTH) {
    throw new InterpolationError(
      `%(\u2026)s references nest deeper than ${MAX_INTERPOLATION_DEPTH} levels`,
    );
  }
  let rest = text;
  while (rest !== "") {
    const percent = rest.indexOf("%");
    if (percent < 0) {
      out.push(rest);
      return;
    }
    out.push(rest.slice(0, percent));
    rest = rest.slice(percent);
    const next = rest.charAt(1);
    if (next === "%") {
      out.push("%");
      rest = rest.slice(2);
      continue;
    }
    if (next !== "(") {
      throw new InterpolationError(
        `"%" must be followed by "%" or "(name)s", found ${JSON.stringify(rest)}`,
      );
    }
    const reference = REFERENCE.exec(rest);
    if (!reference) {
      throw new InterpolationError(`malformed reference ${JSON.stringify(rest)}`);
    }
    const name = reference[1];
    rest = rest.slice(reference[0].length);
    const value = lookup(name);
    if (value === undefined) {
      throw new InterpolationError(`%(${name})s names nothing in this section or [DEFAULT]`);
    }
    if (value.includes("%")) expandInto(out, value, lookup, depth + 1);
    else out.push(value);
  }
}
