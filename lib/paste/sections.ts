/**
 * How PasteDeploy finds the section behind a name: an application may be an `[app:...]`,
 * `[composite:...]`, `[pipeline:...]` or `[filter-app:...]` section (plus the spellings `application:`
 * and `composit:`), a filter only a `[filter:...]` one; `egg:...`, `call:...` and `config:...` are absolute
 * names that point outside the file.
 *
 * @module
 */

/** What a name is asked for as: something that answers requests, or something that wraps one. */
export type ObjectKind = "app" | "filter";

/** The kind of a section, from its prefix (aliases folded: `application:` is `app`). */
export type SectionType = "app" | "composite" | "pipeline" | "filter-app" | "filter";

/**
 * Prefix groups searched, in order, per kind; within a group the first spelling that matches wins,
 * and matches from different groups make the name ambiguous.
 */
const PREFIX_GROUPS: Record<ObjectKind, readonly (readonly string[])[]> = {
  app: [["app", "application"], ["composite", "composit"], ["pipeline"], ["filter-app"]],
  filter: [["filter"]],
};

const SECTION_TYPES: Record<string, SectionType> = {
  app: "app",
  application: "app",
  composite: "composite",
  composit: "composite",
  pipeline: "pipeline",
  "filter-app": "filter-app",
  filter: "filter",
};

/**
 * Whether `name` points outside the file (`egg:Paste#urlmap`, `call:pkg.mod:func`,
 * `config:other.ini`) rather than naming a section.
 */
export function isAbsoluteName(name: string): boolean {
  return /^[a-zA-Z]+:/.test(name);
}

/**
 * The sections that could define `name` for `kind`. Zero means unknown, more than one means
 * ambiguous; the caller reports either.
 *
 * @example
 * ```ts
 * candidateSections(["pipeline:meta", "app:metaapp"], "app", "meta"); // ["pipeline:meta"]
 * ```
 */
export function candidateSections(
  sections: readonly string[],
  kind: ObjectKind,
  name: string,
): string[] {
  const found: string[] = [];
  for (const group of PREFIX_GROUPS[kind]) {
    for (const prefix of group) {
      const matches = sections.filter((section) =>
        section.startsWith(`${prefix}:`) && section.slice(prefix.length + 1).trim() === name
      );
      if (matches.length > 0) {
        found.push(...matches);
        break;
      }
    }
  }
  return found;
}

/** The type of a section by its prefix, or `undefined` for a prefix paste does not load. */
export function sectionType(section: string): SectionType | undefined {
  const colon = section.indexOf(":");
  if (colon < 0) return undefined;
  const prefix = section.slice(0, colon);
  return Object.hasOwn(SECTION_TYPES, prefix) ? SECTION_TYPES[prefix] : undefined;
}

/** How error messages spell the sections a name of this kind could be, e.g. `[filter:cors]`. */
export function describeCandidates(kind: ObjectKind, name: string): string {
  if (kind === "filter") return `[filter:${name}]`;
  return `[app:${name}], [composite:${name}], [pipeline:${name}] or [filter-app:${name}]`;
}
