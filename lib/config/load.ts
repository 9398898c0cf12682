/**
 * Loading configuration: read the files Nova would read, layer the environment over them and
 * resolve every registered option. {@link configFromValues} builds one from plain values instead
 * (tests, and deployments without files).
 *
 * @module
 */

import { buildConfig, type Config } from "./config.ts";
import { ConfigError } from "./errors.ts";
import { resolveConfigFiles } from "./files.ts";
import { ConfigLayers } from "./layers.ts";
import { optionDest } from "./option.ts";
import { novaOptions } from "./options.ts";
import { type OsloFile, parseOslo } from "./oslo.ts";
import type { OptionRegistry } from "./registry.ts";

/** In-code values by group, then option: typed values, or strings parsed like file values. */
export type ConfigValues = Record<string, Record<string, unknown>>;

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** The environment (`OS_NOVA_CONFIG_*` and `OS_<GROUP>__<OPTION>` are read from it). */
  env: Record<string, string | undefined>;
  /** Reads a file; `Deno.readTextFile` unless told. A "not found" error means a missing file. */
  readTextFile?: (path: string) => Promise<string>;
  /** The files to load instead of those the environment names. */
  files?: string[];
  /** The options to resolve; the built-in Nova registry unless told. */
  registry?: OptionRegistry;
  /** Values that beat files and the environment (as oslo.config's `set_override`). */
  overrides?: ConfigValues;
}

/** Whether a read error means the file does not exist. */
function isNotFound(err: unknown): boolean {
  if (err instanceof Deno.errors.NotFound) return true;
  if (typeof err !== "object" || err === null) return false;
  const { name, code } = err as { name?: unknown; code?: unknown };
  return name === "NotFound" || code === "ENOENT";
}

/** Sorts in-code values into registered options (by option name) and raw keys. */
function overridesOf(values: ConfigValues, registry: OptionRegistry) {
  const overrides = new Map<string, Map<string, unknown>>();
  for (const [group, options] of Object.entries(values)) {
    const target = new Map<string, unknown>();
    for (const [name, value] of Object.entries(options)) {
      const known = registry.lookup(group, name) !== undefined;
      target.set(known ? optionDest(name) : name, value);
    }
    overrides.set(group, target);
  }
  return overrides;
}

/**
 * Loads configuration as Nova's API services do: the files from `OS_NOVA_CONFIG_DIR` and
 * `OS_NOVA_CONFIG_FILES` (or `options.files`) in order, later files overriding earlier ones; then
 * `OS_<GROUP>__<OPTION>` variables over the files; `$name`/`${group.name}` substitution; and
 * deprecated names. Every registered option is checked now.
 *
 * Throws a {@link ConfigError} for missing or unreadable files, unparsable lines and values that
 * do not fit their option.
 *
 * @example
 * ```ts
 * const config = await loadConfig({ env: Deno.env.toObject() });
 * config.get<number>("api", "max_limit");
 * ```
 */
export async function loadConfig(options: LoadConfigOptions): Promise<Config> {
  const { env } = options;
  const resolved = resolveConfigFiles(env);
  const paths = options.files ?? resolved.files;
  const origin = options.files ? "passed to loadConfig" : resolved.origin;
  const read = options.readTextFile ?? ((path: string) => Deno.readTextFile(path));
  const registry = options.registry ?? novaOptions;

  const parsed: OsloFile[] = [];
  const missing: string[] = [];
  for (const path of paths) {
    let text: string;
    try {
      text = await read(path);
    } catch (err) {
      if (isNotFound(err)) {
        missing.push(path);
        continue;
      }
      throw ConfigError.unreadable(path, origin, err instanceof Error ? err.message : String(err));
    }
    parsed.push(parseOslo(text, path));
  }
  if (missing.length > 0) throw ConfigError.missingFiles(missing, origin);

  return buildConfig({
    registry,
    layers: new ConfigLayers(parsed, env, overridesOf(options.overrides ?? {}, registry)),
    env,
    dir: resolved.dir,
    files: parsed.map((file) => file.path),
  });
}

/** Options of {@link configFromValues}. */
export interface ConfigFromValuesOptions {
  /** An environment to layer under the values (none unless told). */
  env?: Record<string, string | undefined>;
  /** The options to resolve; the built-in Nova registry unless told. */
  registry?: OptionRegistry;
  /** What `Config.dir` reports (the `OS_NOVA_CONFIG_DIR` rule unless told). */
  dir?: string;
}

/**
 * Builds a configuration from in-code values, without files: options not given take their
 * defaults. Typed values are checked by the option's type; strings are substituted and parsed
 * like file values. Keys that are not registered options are kept for `Config.raw()`.
 *
 * @example
 * ```ts
 * const config = configFromValues({ api: { max_limit: 50 }, deno: { seed_flavors: "yes" } });
 * config.get("deno", "seed_flavors"); // true
 * ```
 */
export function configFromValues(
  values: ConfigValues,
  options: ConfigFromValuesOptions = {},
): Config {
  const env = options.env ?? {};
  const registry = options.registry ?? novaOptions;
  return buildConfig({
    registry,
    layers: new ConfigLayers([], env, overridesOf(values, registry)),
    env,
    dir: options.dir ?? resolveConfigFiles(env).dir,
    files: [],
  });
}
