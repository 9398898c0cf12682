/**
 * Configuration as Nova (oslo.config) resolves it: files from `OS_NOVA_CONFIG_DIR` and
 * `OS_NOVA_CONFIG_FILES`, `OS_<GROUP>__<OPTION>` environment overrides, `$name` substitution,
 * deprecated names, and a typed registry of Nova's options.
 *
 * @example
 * ```ts
 * import { loadConfig } from "./lib/config/mod.ts";
 *
 * const config = await loadConfig({ env: Deno.env.toObject() });
 * const listen = config.get<string>("DEFAULT", "osapi_compute_listen");
 * ```
 *
 * @module
 */

export type { BuildConfigInput, Config } from "./config.ts";
export { buildConfig } from "./config.ts";
export type { BadValueDetails } from "./errors.ts";
export { ConfigError, InvalidValue } from "./errors.ts";
export type { EnvValue } from "./env.ts";
export { envValue, envVarName } from "./env.ts";
export type { ConfigFiles } from "./files.ts";
export { DEFAULT_CONFIG_DIR, DEFAULT_CONFIG_FILES, resolveConfigFiles } from "./files.ts";
export type { RawValue } from "./layers.ts";
export { ConfigLayers, normalizeGroupName } from "./layers.ts";
export type { ConfigFromValuesOptions, ConfigValues, LoadConfigOptions } from "./load.ts";
export { configFromValues, loadConfig } from "./load.ts";
export type { DefaultContext, DeprecatedName, OptionGroup, OptionSpec } from "./option.ts";
export { optionDest } from "./option.ts";
export * from "./options.ts";
export type { OsloEntry, OsloFile } from "./oslo.ts";
export { parseOslo } from "./oslo.ts";
export { OptionRegistry } from "./registry.ts";
export { substitute } from "./substitute.ts";
export type {
  DictTypeOptions,
  ListTypeOptions,
  NumberTypeOptions,
  OptionType,
  StringTypeOptions,
  UriTypeOptions,
} from "./types.ts";
export {
  boolean,
  checkHostname,
  dict,
  FALSE_SPELLINGS,
  float,
  hostAddress,
  hostDomain,
  integer,
  ipAddress,
  isIPv4,
  isIPv6,
  list,
  port,
  PORT_MAX,
  PORT_MIN,
  string,
  TRUE_SPELLINGS,
  uri,
} from "./types.ts";
