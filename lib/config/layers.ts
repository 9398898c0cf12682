/**
 * Where raw option values come from, highest priority first: in-code overrides, the environment
 * (`OS_<GROUP>__<OPTION>`), then configuration files, later files before earlier ones. This module
 * finds the raw value(s) for an option; typing and substitution happen in `config.ts`.
 *
 * @module
 */

import { envValue } from "./env.ts";
import { optionDest, type OptionSpec } from "./option.ts";
import type { OsloFile } from "./oslo.ts";

/**
 * How oslo.config matches file sections to groups: `DEFAULT` stays as it is, every other section
 * name is lower-cased (so `[API]` sets `[api]`, while `[default]` is not `[DEFAULT]`).
 *
 * @example
 * ```ts
 * normalizeGroupName("Keystone_AuthToken"); // "keystone_authtoken"
 * normalizeGroupName("DEFAULT"); // "DEFAULT"
 * ```
 */
export function normalizeGroupName(name: string): string {
  return name === "DEFAULT" ? name : name.toLowerCase();
}

/** One raw value and where it was found. */
export interface RawValue {
  /** The value: a string from a file or the environment, or whatever code supplied. */
  raw: unknown;
  /** `path:line`, an environment variable name, or `in-code value`. */
  where: string;
  /** The group as written where it was found (a section name, or the registered group). */
  group: string;
  /** The option name as written where it was found. */
  name: string;
  /** Set when the value was found under one of the option's deprecated names. */
  deprecated?: boolean;
}

/** A file's values by normalized group, then key, in line order. */
type FileView = Map<string, Map<string, RawValue[]>>;

/** Builds the normalized view of a file: sections folded per {@link normalizeGroupName}. */
function viewOf(file: OsloFile): FileView {
  const view: FileView = new Map();
  for (const [section, entries] of file.sections) {
    const group = normalizeGroupName(section);
    let keys = view.get(group);
    if (!keys) {
      keys = new Map();
      view.set(group, keys);
    }
    for (const [key, entry] of entries) {
      const values = keys.get(key) ?? [];
      entry.values.forEach((raw, i) => {
        values.push({ raw, where: `${file.path}:${entry.lines[i]}`, group: section, name: key });
      });
      keys.set(key, values);
    }
  }
  // Sections that fold together (`[API]` and `[api]`) keep the file's order of assignments.
  for (const keys of view.values()) {
    for (const values of keys.values()) {
      values.sort((a, b) => lineOf(a.where) - lineOf(b.where));
    }
  }
  return view;
}

/** The line number at the end of a `path:line` location. */
function lineOf(where: string): number {
  return Number(where.slice(where.lastIndexOf(":") + 1));
}

/** The (group, name) pairs an option may be set under: its own first, then deprecated ones. */
function namesOf(group: string, spec: OptionSpec): Array<[string, string, boolean]> {
  const dest = optionDest(spec.name);
  const names: Array<[string, string, boolean]> = [[group, dest, false]];
  for (const old of spec.deprecatedNames ?? []) {
    const oldGroup = old.group ?? group;
    const oldName = old.name ?? dest;
    names.push([oldGroup, oldName, true]);
    if (optionDest(oldName) !== oldName) names.push([oldGroup, optionDest(oldName), true]);
  }
  return names;
}

/**
 * The layered raw sources of one configuration.
 *
 * @example
 * ```ts
 * const layers = new ConfigLayers([parseOslo("[api]\nmax_limit = 5\n", "a.conf")], {});
 * layers.find("api", maxLimitSpec); // [{ raw: "5", where: "a.conf:2", group: "api", name: "max_limit" }]
 * ```
 */
export class ConfigLayers {
  #files: FileView[];
  #env: Record<string, string | undefined>;
  #overrides: Map<string, Map<string, unknown>>;

  /**
   * @param files parsed files, in load order (later ones win)
   * @param env the environment
   * @param overrides in-code values by registered group and option name (highest priority)
   */
  constructor(
    files: readonly OsloFile[],
    env: Record<string, string | undefined>,
    overrides: Map<string, Map<string, unknown>> = new Map(),
  ) {
    this.#files = files.map(viewOf);
    this.#env = env;
    this.#overrides = overrides;
  }

  /**
   * The raw value(s) set for an option, or undefined when nothing sets it. A single-valued option
   * gets one value: the last assignment in the latest file that sets it (under its own name
   * first, then deprecated names). A multi-valued option gets every assignment of every file,
   * earliest file first.
   */
  find(group: string, spec: OptionSpec): RawValue[] | undefined {
    const dest = optionDest(spec.name);
    const override = this.#overrides.get(group);
    if (override?.has(dest)) {
      const value = override.get(dest);
      const values = spec.multi && Array.isArray(value) ? value : [value];
      return values.map((raw) => ({ raw, where: "in-code value", group, name: spec.name }));
    }
    const fromEnv = envValue(this.#env, group, spec.name);
    if (fromEnv) {
      return [{ raw: fromEnv.value, where: fromEnv.variable, group, name: spec.name }];
    }
    const names = namesOf(group, spec);
    let collected: RawValue[] = [];
    for (let f = this.#files.length - 1; f >= 0; f--) {
      for (const [oldGroup, name, deprecated] of names) {
        const values = this.#files[f].get(normalizeGroupName(oldGroup))?.get(name);
        if (!values || values.length === 0) continue;
        const marked = deprecated ? values.map((v) => ({ ...v, deprecated })) : values;
        if (!spec.multi) return [marked[marked.length - 1]];
        collected = [...marked, ...collected];
      }
    }
    return collected.length > 0 ? collected : undefined;
  }

  /**
   * Every key of a section across files (later files win, last assignment wins) plus in-code
   * values for it, as raw strings without substitution. The section name is matched the way
   * oslo.config matches it ({@link normalizeGroupName}).
   */
  raw(group: string): Record<string, string> {
    const result: Record<string, string> = {};
    const wanted = normalizeGroupName(group);
    for (const view of this.#files) {
      for (const [key, values] of view.get(wanted) ?? []) {
        if (values.length > 0) result[key] = String(values[values.length - 1].raw);
      }
    }
    for (const [key, value] of this.#overrides.get(group) ?? []) {
      result[key] = String(value);
    }
    return result;
  }

  /** Whether an option that is not registered has a value in a file, the environment or code. */
  hasRaw(group: string, name: string): boolean {
    return Object.hasOwn(this.raw(group), name) ||
      envValue(this.#env, group, name) !== undefined;
  }
}
