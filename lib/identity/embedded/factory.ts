/**
 * The paste app factory of the embedded identity service, for the factory table
 * (`nova_deno.identity:app_factory`): reads `[identity]` from the process configuration.
 *
 * @module
 */

import type { Config } from "../../config/mod.ts";
import type { AppFactory } from "../../paste/types.ts";
import { identityApp } from "./app.ts";
import { identityOptions } from "./options.ts";

/**
 * Builds the identity app from the runtime's configuration.
 *
 * @example
 * ```ts
 * const apps = { "nova_deno.identity:app_factory": identityAppFactory };
 * ```
 */
export const identityAppFactory: AppFactory<{ config: Config }> = async ({ runtime }) =>
  identityApp(await identityOptions(runtime.config));
