/**
 * oslo.config's environment source: `OS_<GROUP>__<OPTION>` variables, which override values from
 * configuration files (but not in-code overrides).
 *
 * @module
 */

import { optionDest } from "./option.ts";

/**
 * The variable that sets an option: `OS_`, the group upper-cased, `__`, then the option name
 * upper-cased with `-` turned into `_`.
 *
 * @example
 * ```ts
 * envVarName("oslo_middleware", "max_request_body_size");
 * // "OS_OSLO_MIDDLEWARE__MAX_REQUEST_BODY_SIZE"
 * ```
 */
export function envVarName(group: string, option: string): string {
  return `OS_${group.toUpperCase()}__${optionDest(option).toUpperCase()}`;
}

/** A value found in the environment, with the variable it came from. */
export interface EnvValue {
  /** The variable's name. */
  variable: string;
  /** Its value, as is (not stripped; an empty string is a value). */
  value: string;
}

/**
 * The environment's value for an option, if its variable is present. Deprecated names are not
 * looked for in the environment, as in oslo.config.
 */
export function envValue(
  env: Record<string, string | undefined>,
  group: string,
  option: string,
): EnvValue | undefined {
  const variable = envVarName(group, option);
  const value = env[variable];
  return value === undefined ? undefined : { variable, value };
}
