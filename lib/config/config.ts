/**
 * A resolved configuration: every registered option typed, defaulted, substituted and checked
 * once at construction, so that a bad value fails the load rather than the first request that
 * reads it.
 *
 * @module
 */

import { ConfigError, InvalidValue } from "./errors.ts";
import type { ConfigLayers, RawValue } from "./layers.ts";
import { type DefaultContext, optionDest, type OptionSpec } from "./option.ts";
import type { OptionRegistry } from "./registry.ts";
import { substitute } from "./substitute.ts";
import { list } from "./types.ts";

/**
 * Read access to configuration.
 *
 * @example
 * ```ts
 * const config = await loadConfig({ env: Deno.env.toObject() });
 * const port = config.get<number>("DEFAULT", "osapi_compute_listen_port"); // 8774 unless set
 * ```
 */
export interface Config {
  /** The configuration directory (`OS_NOVA_CONFIG_DIR`, or its default). */
  readonly dir: string;
  /** The configuration files that were loaded, in load order. */
  readonly files: readonly string[];
  /** Notes about deprecated names and options that are set, one line each. */
  readonly warnings: readonly string[];
  /**
   * An option's typed value (its default when nothing sets it; `null` when it has none). Throws
   * a plain `Error` for an option that is not registered: that is a programming error.
   */
  get<T = unknown>(group: string, name: string): T;
  /** Whether an option (registered or not) is set by a file, the environment or code. */
  has(group: string, name: string): boolean;
  /** Where a registered option's value came from: `path:line`, a variable, `default`, ... */
  source(group: string, name: string): string;
  /** Every key of a section as raw, unsubstituted text, for options nobody registered. */
  raw(group: string): Record<string, string>;
}

/** What {@link buildConfig} needs. */
export interface BuildConfigInput {
  registry: OptionRegistry;
  layers: ConfigLayers;
  env: Record<string, string | undefined>;
  dir: string;
  files: readonly string[];
}

/** The cache key of an option. */
function keyOf(group: string, spec: OptionSpec): string {
  return `${group}\u0000${optionDest(spec.name)}`;
}

/** Applies substitution to a string, or to the strings of an array; other values pass through. */
function substituteDeep(value: unknown, resolve: (name: string) => string): unknown {
  if (typeof value === "string") return substitute(value, resolve);
  if (Array.isArray(value)) return value.map((v) => substituteDeep(v, resolve));
  return value;
}

/** The configuration built from layers and a registry. */
class ResolvedConfig implements Config {
  readonly dir: string;
  readonly files: readonly string[];
  readonly warnings: string[] = [];
  #registry: OptionRegistry;
  #layers: ConfigLayers;
  #context: DefaultContext;
  #values = new Map<string, unknown>();
  #sources = new Map<string, string>();
  #resolving = new Set<string>();

  constructor(input: BuildConfigInput) {
    this.dir = input.dir;
    this.files = [...input.files];
    this.#registry = input.registry;
    this.#layers = input.layers;
    this.#context = { env: input.env };
    // Every option the files or the environment set is parsed and checked now, so a bad value
    // stops start-up, and so is a default that refers to other options (`$state_path/...`); an
    // option left at a plain default is converted when first read.
    for (const group of this.#registry.groups()) {
      for (const spec of this.#registry.options(group)) {
        const refers = typeof spec.default === "string" && spec.default.includes("$");
        if (refers || this.#layers.find(group, spec)) this.#value(group, spec);
      }
    }
  }

  get<T = unknown>(group: string, name: string): T {
    return this.#value(group, this.#spec(group, name)) as T;
  }

  has(group: string, name: string): boolean {
    const spec = this.#registry.lookup(group, name);
    if (spec) return this.#layers.find(group, spec) !== undefined;
    return this.#layers.hasRaw(group, name);
  }

  source(group: string, name: string): string {
    const spec = this.#spec(group, name);
    this.#value(group, spec);
    return this.#sources.get(keyOf(group, spec))!;
  }

  raw(group: string): Record<string, string> {
    return this.#layers.raw(group);
  }

  #spec(group: string, name: string): OptionSpec {
    const spec = this.#registry.lookup(group, name);
    if (!spec) throw new Error(`no option [${group}] ${name} is registered`);
    return spec;
  }

  /** Resolves (once) and caches an option's typed value. */
  #value(group: string, spec: OptionSpec): unknown {
    const key = keyOf(group, spec);
    if (this.#values.has(key)) return this.#values.get(key);
    this.#resolving.add(key);
    try {
      const found = this.#layers.find(group, spec);
      let value: unknown;
      if (found) {
        this.#noteDeprecations(group, spec, found);
        const typed = found.map((f) => this.#convert(group, spec, f));
        value = spec.multi ? typed : typed[0];
        this.#sources.set(key, found.map((f) => f.where).join(", "));
      } else {
        value = this.#defaultOf(group, spec);
        this.#sources.set(key, "default");
      }
      this.#values.set(key, value);
      return value;
    } finally {
      this.#resolving.delete(key);
    }
  }

  #defaultOf(group: string, spec: OptionSpec): unknown {
    const given = typeof spec.default === "function" ? spec.default(this.#context) : spec.default;
    if (given === undefined || given === null) return spec.multi ? [] : null;
    const at = (raw: unknown): RawValue => ({ raw, where: "default", group, name: spec.name });
    if (spec.multi) {
      const items = Array.isArray(given) ? given : [given];
      return items.map((item) => this.#convert(group, spec, at(item)));
    }
    return this.#convert(group, spec, at(given));
  }

  /** Substitutes and parses one raw value; a misfit becomes a one-line {@link ConfigError}. */
  #convert(group: string, spec: OptionSpec, found: RawValue): unknown {
    if (found.raw === null || found.raw === undefined) return null;
    try {
      const text = substituteDeep(found.raw, (name) => this.#reference(group, name));
      return spec.type.parse(text);
    } catch (err) {
      if (!(err instanceof InvalidValue)) throw err;
      throw ConfigError.badValue({
        where: found.where,
        group: found.group,
        option: found.name,
        value: found.raw,
        reason: err.message,
        secret: spec.secret,
      });
    }
  }

  /**
   * The text a `$name` reference in `group` stands for. `group.option` names another group;
   * a bare name is looked up in the same group, then in `[DEFAULT]`.
   */
  #reference(group: string, name: string): string {
    let target: [string, OptionSpec] | undefined;
    const dot = name.indexOf(".");
    if (dot >= 0) {
      const otherGroup = name.slice(0, dot);
      const spec = this.#registry.lookup(otherGroup, name.slice(dot + 1));
      if (spec) target = [otherGroup, spec];
    } else {
      const own = this.#registry.lookup(group, name);
      const fallback = this.#registry.lookup("DEFAULT", name);
      target = own ? [group, own] : fallback ? ["DEFAULT", fallback] : undefined;
    }
    if (!target) {
      const place = dot >= 0
        ? `no option [${name.slice(0, dot)}] ${name.slice(dot + 1)} is registered`
        : group === "DEFAULT"
        ? `no option ${name} in [DEFAULT]`
        : `no option ${name} in [${group}] or [DEFAULT]`;
      throw new InvalidValue(`cannot substitute $${name}: ${place}`);
    }
    const [targetGroup, spec] = target;
    if (this.#resolving.has(keyOf(targetGroup, spec))) {
      throw new InvalidValue(`cannot substitute $${name}: it refers back to itself`);
    }
    const value = this.#value(targetGroup, spec);
    if (value === null || value === undefined) return "";
    if (spec.multi) return list(spec.type).render(value as unknown[]);
    return spec.type.render(value);
  }

  #noteDeprecations(group: string, spec: OptionSpec, found: readonly RawValue[]): void {
    for (const f of found) {
      if (!f.deprecated) continue;
      this.warnings.push(
        `${f.where}: [${f.group}] ${f.name} is deprecated; use [${group}] ${spec.name}`,
      );
    }
    if (spec.deprecatedForRemoval) {
      this.warnings.push(`${found[0].where}: [${group}] ${spec.name} is deprecated for removal`);
    }
  }
}

/**
 * Builds a configuration from raw layers, resolving and checking every option they set now
 * (defaults are converted when first read). Throws the first {@link ConfigError} met.
 */
export function buildConfig(input: BuildConfigInput): Config {
  return new ResolvedConfig(input);
}
