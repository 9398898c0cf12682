/**
 * What an option is: its name, type, default, and the older names it may still be set under.
 * Groups of these are registered in an {@link OptionRegistry} (see `registry.ts`).
 *
 * @module
 */

import type { OptionType } from "./types.ts";

/**
 * An older name an option may still be set under, as oslo.config's `DeprecatedOpt`. Either part
 * may be omitted to mean "same as the option's own".
 */
export interface DeprecatedName {
  /** The old group (`DEFAULT` for the default section). */
  group?: string;
  /** The old option name. */
  name?: string;
}

/** What a computed default may look at. */
export interface DefaultContext {
  /** The environment the configuration is loaded with. */
  env: Record<string, string | undefined>;
}

/**
 * A registered option.
 *
 * A string default is treated like a value written in a file: `$name` references are substituted
 * and the result is parsed by `type`. Other defaults are typed values, checked by `type`. `null`
 * means "no default" (the option reads as `null` unless set).
 *
 * @example
 * ```ts
 * const maxLimit: OptionSpec<number | null> = {
 *   name: "max_limit",
 *   type: integer({ min: 0 }),
 *   default: 1000,
 *   help: "The most items a collection request returns.",
 * };
 * ```
 */
export interface OptionSpec<T = unknown> {
  /** The option name as written in files (`osapi_compute_listen_port`). */
  name: string;
  /** How values are parsed; for a multi-valued option, the type of each value. */
  type: OptionType<T>;
  /** The default; a function is called once at load time. */
  default?: T | T[] | string | null | ((ctx: DefaultContext) => T | T[] | string | null);
  /** Every assignment counts and the value is a list (oslo's `MultiStrOpt`/`MultiOpt`). */
  multi?: boolean;
  /** Never show the value (passwords, shared secrets, connection URLs). */
  secret?: boolean;
  /** Older names and groups still honoured, newest first. */
  deprecatedNames?: readonly DeprecatedName[];
  /** The option is going away; setting it still works. */
  deprecatedForRemoval?: boolean;
  /** One or two sentences on what the option does. */
  help: string;
}

/** A named group of options (`[api]`, `[oslo_middleware]`, ...). */
export interface OptionGroup {
  /** The section name, as registered (`DEFAULT` for the default section). */
  name: string;
  /** The options of the group. */
  options: readonly OptionSpec[];
}

/** The attribute name oslo.config derives from an option name: `-` becomes `_`. */
export function optionDest(name: string): string {
  return name.replaceAll("-", "_");
}
